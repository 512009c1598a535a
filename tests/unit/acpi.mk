# Unit tests of the ACPI table parser, on the real tables in tests/unit/acpi/.
test_acpi_SRCS := kernel/dev/acpi.c

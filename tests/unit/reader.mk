# Unit tests of the cartridge reader: test_reader.c builds kernel/console/reader.c
# into itself (see there why), so the rule needs to know it depends on it.
test_reader_SRCS :=
$(BUILD)/tests/unit/test_reader: kernel/console/reader.c

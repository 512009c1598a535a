"""The ACPI table parser's own checks (tests/test_unit.py runs its unit
tests): a bounded libFuzzer run, and the parser built the way the kernel
builds it."""
from parser_checks import BUILD, run_fuzzer, undefined_symbols

FUZZ_SECONDS = 20
FUZZ_FLAGS = ["-max_len=4096", "-use_value_profile=1"]   # FUZZ_FLAGS_acpi in tests/fuzz/fuzz.mk


def test_fuzz_parser(tmp_path):
    """libFuzzer, seeded with memory images of the machines in tests/unit/acpi/."""
    run_fuzzer("fuzz_acpi", FUZZ_FLAGS, FUZZ_SECONDS, tmp_path, [BUILD / "tests/fuzz/acpi-seeds"])


def test_parser_is_freestanding(tmp_path):
    """kernel/dev/acpi.c as the kernel compiles it (32-bit, no libc) calls
    nothing at all: not even memcpy or memset."""
    assert undefined_symbols("kernel/dev/acpi.c", tmp_path) == set()

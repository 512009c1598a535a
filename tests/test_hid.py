"""USB HID's checks beyond its unit tests (tests/test_unit.py runs test_hid):
a bounded libFuzzer run on the descriptor parser and the report decoding,
and the parser compiled the way the kernel compiles it."""
from parser_checks import BUILD, run_fuzzer, undefined_symbols

FUZZ_SECONDS = 20
FUZZ_FLAGS = ["-max_len=4096", "-use_value_profile=1"]   # as FUZZ_FLAGS_hid in tests/fuzz/fuzz.mk
SEEDS = BUILD / "tests/fuzz/hid-seeds"


def test_fuzz_hid(tmp_path):
    """libFuzzer, seeded with the real descriptors of tests/unit/hid_descriptors.h."""
    assert len(list(SEEDS.iterdir())) >= 7, f"{SEEDS} not written (run make test)"
    run_fuzzer("fuzz_hid", FUZZ_FLAGS, FUZZ_SECONDS, tmp_path, [SEEDS])


def test_hid_is_freestanding(tmp_path):
    """kernel/dev/usb/hid.c calls nothing at all: no memcpy or memset for
    struct copies, no libgcc for 64-bit division."""
    assert undefined_symbols("kernel/dev/usb/hid.c", tmp_path) == set()

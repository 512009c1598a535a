"""The USB driver's pure parts beyond their unit tests (tests/test_unit.py
runs test_usb and test_xhci): a bounded libFuzzer run on the descriptor
parsers, and both files compiled the way the kernel compiles them."""
import pytest

from parser_checks import BUILD, run_fuzzer, undefined_symbols

FUZZ_SECONDS = 20
FUZZ_FLAGS = ["-max_len=4096", "-use_value_profile=1"]   # as FUZZ_FLAGS_usb in tests/fuzz/fuzz.mk
SEEDS = BUILD / "tests/fuzz/usb-seeds"


def test_fuzz_usb_descriptors(tmp_path):
    """libFuzzer, seeded with QEMU's devices' descriptors (tests/unit/usb_descriptors.h)."""
    assert len(list(SEEDS.iterdir())) >= 9, f"{SEEDS} not written (run make test)"
    run_fuzzer("fuzz_usb", FUZZ_FLAGS, FUZZ_SECONDS, tmp_path, [SEEDS])


@pytest.mark.parametrize("source", ["kernel/dev/usb/usbdesc.c", "kernel/dev/usb/xhcidata.c"])
def test_usb_pure_parts_are_freestanding(source, tmp_path):
    """They call nothing: no memcpy or memset for struct copies, no libgcc
    for 64-bit division."""
    assert undefined_symbols(source, tmp_path) == set()

"""The cartridge format's own checks (tests/test_unit.py runs the unit-test
binaries): a bounded libFuzzer run on the parser, the parser built the
way the kernel builds it, and the SDK header agreeing with the format."""
import subprocess

from genesis import defines
from parser_checks import BUILD, ROOT, run_fuzzer, undefined_symbols

FUZZ_SECONDS = 25
FUZZ_FLAGS = ["-max_len=16384", "-use_value_profile=1"]   # FUZZ_FLAGS_cart in tests/fuzz/fuzz.mk


def test_fuzz_parser(tmp_path):
    """libFuzzer, seeded with the sample and test cartridges, for a bounded time."""
    run_fuzzer("fuzz_cart", FUZZ_FLAGS, FUZZ_SECONDS, tmp_path,
               [BUILD / "carts", BUILD / "testcarts"])


def test_parser_is_freestanding(tmp_path):
    """kernel/abi/cart.c as the kernel compiles it (32-bit, no libc) needs nothing
    but the memcpy/memset the kernel provides; cart.h also compiles for the
    64-bit loader."""
    assert undefined_symbols("kernel/abi/cart.c", tmp_path) - {"memcpy", "memset"} == set()
    subprocess.run(["gcc", "-m64", "-ffreestanding", "-Wall", "-Werror", "-fsyntax-only",
                    "-I", str(ROOT / "kernel/abi"), "-x", "c", "-"],
                   input='#include "cart.h"\nint size = CART_MAX_FILE_SIZE;\n', text=True, check=True)


def test_sdk_agrees_with_the_format():
    """genesis.h (for games) and cart.h (the format) name the same numbers."""
    sdk, cart = defines("cartridges/sdk/genesis.h"), defines("kernel/abi/cart.h")
    for name in ("CODE_BASE", "CODE_SIZE", "FRAME_WIDTH", "FRAME_HEIGHT", "FRAME_SIZE",
                 "MAX_COLORS", "MAX_TASKS", "PAGE_SIZE"):
        assert sdk["GENESIS_" + name] == cart["CART_" + name], name
    assert sdk["GENESIS_ROM_MAX_FRAMES"] == cart["CART_MAX_FRAMES"]

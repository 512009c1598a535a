"""The cartridge format's own checks (tests/test_unit.py runs the unit-test
binaries): a bounded libFuzzer run on the parser, the parser built the
way the kernel builds it, and the SDK header agreeing with the format."""
import re
import subprocess

from genesis import BUILD, ROOT, defines

FUZZ_SECONDS = 25
FUZZ_FLAGS = ["-max_len=16384", "-use_value_profile=1"]   # as FUZZ_FLAGS in tests/fuzz/fuzz.mk


def test_fuzz_parser(tmp_path):
    """libFuzzer, seeded with the sample and test cartridges, for a bounded
    time; a crash leaves its input in build/tests/fuzz/ to reproduce it."""
    seeds = [str(p) for p in (BUILD / "carts", BUILD / "testcarts") if p.is_dir()]
    r = subprocess.run([str(BUILD / "tests/fuzz/fuzz_cart"), *FUZZ_FLAGS, f"-max_total_time={FUZZ_SECONDS}",
                        "-print_final_stats=1", f"-artifact_prefix={BUILD}/tests/fuzz/",
                        str(tmp_path), *seeds],
                       capture_output=True, text=True, timeout=FUZZ_SECONDS + 60)
    assert r.returncode == 0, r.stderr[-4000:]
    runs = int(re.search(r"stat::number_of_executed_units: (\d+)", r.stderr).group(1))
    assert runs > 1000, r.stderr[-2000:]


def test_parser_is_freestanding(tmp_path):
    """kernel/abi/cart.c as the kernel compiles it (32-bit, no libc) needs nothing
    but the memcpy/memset the kernel provides; cart.h also compiles for the
    64-bit loader."""
    obj = tmp_path / "cart.o"
    subprocess.run(["gcc", "-m32", "-std=gnu11", "-ffreestanding", "-fno-pic", "-fno-pie",
                    "-fno-stack-protector", "-nostdlib", "-O2", "-Wall", "-Wextra", "-Werror",
                    "-c", "-o", str(obj), str(ROOT / "kernel/abi/cart.c")], check=True)
    undefined = subprocess.run(["nm", "-u", str(obj)], capture_output=True, text=True,
                               check=True).stdout.split()
    assert set(undefined) - {"U", "memcpy", "memset"} == set()
    subprocess.run(["gcc", "-m64", "-ffreestanding", "-Wall", "-Werror", "-fsyntax-only",
                    "-I", str(ROOT / "kernel/abi"), "-x", "c", "-"],
                   input='#include "cart.h"\nint size = CART_MAX_FILE_SIZE;\n', text=True, check=True)


def test_sdk_agrees_with_the_format():
    """genesis.h (for games) and cart.h (the format) name the same numbers."""
    sdk, cart = defines("cartridges/sdk/genesis.h"), defines("kernel/abi/cart.h")
    for name in ("CODE_BASE", "CODE_SIZE", "FRAME_WIDTH", "FRAME_HEIGHT", "FRAME_SIZE",
                 "MAX_COLORS", "MAX_TASKS", "PAGE_SIZE"):
        assert sdk["GENESIS_" + name] == cart["CART_" + name], name

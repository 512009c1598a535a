"""Checks shared by the tests of the parsers of outside input (tests/test_cart.py,
tests/test_acpi.py, tests/test_hid.py): a bounded libFuzzer run, and the
parser compiled the way the kernel compiles it."""
import re
import subprocess
from pathlib import Path

from genesis import BUILD, ROOT

def kernel_cflags():
    """KERNEL_CFLAGS as kernel/kernel.mk sets them, less dependency output."""
    text = (ROOT / "kernel/kernel.mk").read_text()
    value = re.search(r"^KERNEL_CFLAGS\s*:=((?:.*\\\n)*.*)", text, re.M).group(1)
    return [f for f in value.replace("\\\n", " ").split() if f not in ("-MMD", "-MP")]


def run_fuzzer(name, flags, seconds, corpus, seeds):
    """Runs libFuzzer target build/tests/fuzz/NAME for a bounded time on the
    seed directories that exist, new inputs going to corpus; a crash leaves
    its input in build/tests/fuzz/ to reproduce it."""
    seeds = [str(p) for p in seeds if p.is_dir()]
    r = subprocess.run([str(BUILD / "tests/fuzz" / name), *flags, f"-max_total_time={seconds}",
                        "-print_final_stats=1", f"-artifact_prefix={BUILD}/tests/fuzz/",
                        str(corpus), *seeds],
                       capture_output=True, text=True, timeout=seconds + 60)
    assert r.returncode == 0, r.stderr[-4000:]
    runs = int(re.search(r"stat::number_of_executed_units: (\d+)", r.stderr).group(1))
    assert runs > 1000, r.stderr[-2000:]


def undefined_symbols(source, tmp_path):
    """The symbols an object compiled from source with the kernel's flags
    (32-bit, freestanding, no libc) needs from elsewhere."""
    obj = tmp_path / (Path(source).stem + ".o")
    subprocess.run(["gcc", *kernel_cflags(), "-I", str(ROOT / "kernel"), "-c", "-o", str(obj),
                    str(ROOT / source)], check=True)
    return set(subprocess.run(["nm", "-u", str(obj)], capture_output=True, text=True,
                              check=True).stdout.split()) - {"U"}

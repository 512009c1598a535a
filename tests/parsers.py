"""What the checks of the pure parsers of outside input share (kernel/cart.c,
kernel/dev/usb/hid.c): a bounded libFuzzer run, and the parser compiled the
way the kernel compiles it."""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"


def fuzz(target, flags, seconds, corpus, seeds):
    """Runs build/tests/fuzz/fuzz_<target> for a bounded time from the corpus
    folder and the seed folders that exist; it must find nothing and get
    through enough inputs to mean something.  A crash leaves its input in
    build/tests/fuzz/ to reproduce it."""
    seeds = [str(p) for p in seeds if p.is_dir()]
    r = subprocess.run([str(BUILD / "tests/fuzz" / f"fuzz_{target}"), *flags,
                        f"-max_total_time={seconds}", "-print_final_stats=1",
                        f"-artifact_prefix={BUILD}/tests/fuzz/", str(corpus), *seeds],
                       capture_output=True, text=True, timeout=seconds + 60)
    assert r.returncode == 0, r.stderr[-4000:]
    runs = int(re.search(r"stat::number_of_executed_units: (\d+)", r.stderr).group(1))
    assert runs > 1000, r.stderr[-2000:]


def kernel_cflags():
    """KERNEL_CFLAGS as kernel/kernel.mk sets them, less dependency output."""
    text = (ROOT / "kernel/kernel.mk").read_text()
    value = re.search(r"^KERNEL_CFLAGS\s*:=((?:.*\\\n)*.*)", text, re.M).group(1)
    return [f for f in value.replace("\\\n", " ").split() if f not in ("-MMD", "-MP")]


def undefined_symbols(source, tmp_path):
    """The symbols a kernel source file needs from elsewhere, compiled with
    the kernel's flags (32-bit, freestanding, no builtins)."""
    obj = tmp_path / (Path(source).stem + ".o")
    subprocess.run(["gcc", *kernel_cflags(), "-I", str(ROOT / "kernel"), "-c", "-o", str(obj),
                    str(ROOT / source)], check=True)
    listing = subprocess.run(["nm", "-u", str(obj)], capture_output=True, text=True,
                             check=True).stdout.split()
    return set(listing) - {"U"}

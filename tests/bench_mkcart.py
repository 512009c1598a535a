"""Benchmark: mkcart building a cartridge from a large sprite sheet (1,024
frames), as a ratio to `cat` copying the same number of bytes, the I/O
floor.  The figure to beat: under 3x.

Both commands run as fresh processes writing a new file (the old one is
removed outside the timing), alternately, so that both see the same page
cache and machine load; the medians and the minimums are printed, the
minimum being what each costs when nothing else is in the way."""
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
WORK = BUILD / "bench" / "mkcart"
sys.path.insert(0, str(ROOT / "cartridges" / "sdk"))
from pngwrite import write_png  # noqa: E402

COLUMNS = ROWS = 32                      # 1,024 frames of 64 x 64
RUNS = 21


def draw_sheet(path):
    """Sprites that compress like drawn art, not like a blank page: each
    frame has its own stripes and a disc of its own size and colour."""
    width = COLUMNS * 64
    pixels = bytearray(width * ROWS * 64)
    for f in range(COLUMNS * ROWS):
        x0, y0 = f % COLUMNS * 64, f // COLUMNS * 64
        radius2 = (10 + f % 20) ** 2
        for y in range(64):
            row = bytearray((x // (1 + f % 7) + y // 4 + f) % 16 for x in range(64))
            for x in range(64):
                if (x - 32) ** 2 + (y - 32) ** 2 < radius2:
                    row[x] = 16 + f % 200
            start = (y0 + y) * width + x0
            pixels[start:start + 64] = row
    write_png(path, width, ROWS * 64, pixels,
              palette=[(i, 255 - i, i * 7 % 256) for i in range(216)])


def timed(argv, out, stdout=None):
    if out.exists():
        out.unlink()
    with open(out, "wb") if stdout else open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        subprocess.run(argv, stdout=sink if stdout else None, check=True)
        return time.perf_counter() - start


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    sheet, task = WORK / "sheet.png", WORK / "task.bin"
    if not sheet.exists():
        draw_sheet(sheet)
    task.write_bytes(b"\xeb\xfe")        # jmp $
    cart, copy = WORK / "bench.cart", WORK / "copy.bin"
    build = [str(BUILD / "mkcart"), "build", "-o", str(cart), "--title", "bench",
             "--task", f"A={task}", "--frames", str(sheet)]

    mk, cp = [], []
    for _ in range(RUNS):
        mk.append(timed(build, cart))
        cp.append(timed(["cat", str(cart)], copy, stdout=True))
    size = cart.stat().st_size
    ms = lambda xs: "median %.1f ms (min %.1f)" % (statistics.median(xs) * 1e3, min(xs) * 1e3)
    ratio = statistics.median(mk) / statistics.median(cp)
    print(f"mkcart: {COLUMNS * ROWS} frames from a {COLUMNS * 64}x{ROWS * 64} indexed PNG "
          f"({sheet.stat().st_size // 1024} KB) -> {size / 2**20:.1f} MiB cartridge, {RUNS} runs")
    print(f"mkcart build:           {ms(mk)}")
    print(f"cat of the same bytes:  {ms(cp)}")
    print(f"mkcart / cat: {ratio:.2f}x (medians), {min(mk) / min(cp):.2f}x (minimums); "
          f"target: under 3x -> {'met' if ratio < 3 else 'NOT met'}")


if __name__ == "__main__":
    main()

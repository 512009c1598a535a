#!/usr/bin/env python3
"""The display's cost: the instructions it takes to compose one frame, and
the frames per second it sustains with four tasks on screen.

Method: QEMU counts instructions (-icount shift=0: one instruction is one
nanosecond of the guest's clock, so the TSC that rdtsc reads advances by one
per instruction, the same on every host).  The display reads the TSC around
each frame and logs the totals when the run ends.  The cartridge is
tests/carts/con_bench: four tasks that each redraw their whole screen every
frame (wait_frame, then 4 KB of new pixels), so every frame redraws every
row of all four windows, scaled 5 times at 1024 x 768: the display's worst
case.  The run lasts max_ticks clock ticks of guest time.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "boot"))
from genesis import boot  # noqa: E402

TICKS = 300                              # 3 s of guest time
REPORT = (r"display: frames=(\d+) skipped=(\d+) full=(\d+) full_tsc_min=(\d+) "
          r"full_tsc_max=(\d+) total_tsc=0x([0-9a-f]+) elapsed_tsc=0x([0-9a-f]+)$")


def main():
    run = boot("bench-console", carts=["con_bench"], config=f"exit=never\nmax_ticks={TICKS}\n",
               extra_args=["-icount", "shift=0,sleep=off"], timeout=600)
    m = run.find(REPORT)
    layout = run.all(r"display: window [A-D] at \d+,\d+ size (\d+) scale (\d+)$")
    if run.exit_code != 33 or not m or len(layout) != 4:
        print(f"bench_console: the run failed\n{run.describe()}")
        sys.exit(1)
    frames, skipped, full, full_min, full_max = (int(v) for v in m.groups()[:5])
    total, elapsed = int(m.group(6), 16), int(m.group(7), 16)
    fps = frames * 1e9 / elapsed
    share = total / elapsed
    size, scale = layout[0].groups()
    print(f"compose one frame, 4 windows of {size}x{size} (scale {scale}) fully redrawn: "
          f"{full_min} instructions (most: {full_max}; {full} such frames)")
    print(f"frames per second with four tasks on screen: {fps:.1f} "
          f"({frames} frames, {skipped} skipped, in {elapsed / 1e9:.2f} s of guest time)")
    print(f"the display's share of the instructions: {100 * share:.1f}% on a CPU of "
          f"1,000 million instructions a second; it stays under half down to "
          f"{2 * total / elapsed * 1000:.0f} million a second")
    print("figure to beat: 60 fps composed at 1024x768 with four tasks, at least half "
          "of the instructions left to the tasks")


if __name__ == "__main__":
    main()

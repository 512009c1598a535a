#!/usr/bin/env python3
"""The display's cost: the instructions it takes to compose one frame of
four fully redrawn windows, the frames per second, and the share of the CPU
it leaves to game tasks over a second, with four tasks drawing every frame
and with none drawing.

Method: QEMU counts instructions (-icount shift=0: one instruction is one
nanosecond of the guest's clock, so the TSC that rdtsc reads advances by one
per instruction, the same on every host).  The display reads the TSC around
each frame and logs the totals when the run ends.  The share left to the
tasks is taken over the last second of two runs that differ by a second
(FIRST_TICKS and one more second of ticks): 1 - (the display's extra
instructions / the extra instructions elapsed), so the first frame, which
draws the whole screen and the boot log, is left out.  The clock
handler's own hundred-odd instructions a tick (bench_frame.py) are 0.001 %
of a second and left out too.  Drawing:
tests/carts/con_bench, four tasks that redraw their whole screen every
frame (wait_frame, then 4 KB of new pixels), every row of all four windows,
scaled 5 times at 1024 x 768: the display's worst case.  Not drawing:
tests/carts/bench-tasks (a service loop and a spinner).  Each case runs
RUNS times (two boots each, above); figures are medians with the smallest
and largest beside them, and the previous run's in build/bench/console.json.
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "boot"))
from genesis import BUILD, boot  # noqa: E402
from bench_tasks import keep_results, previous_results  # noqa: E402

RUNS = 3
FIRST_TICKS = 120                        # the first frame comes some ticks after boot
RESULTS = os.path.join(BUILD, "bench", "console.json")
REPORT = (r"display: frames=(\d+) skipped=(\d+) full=(\d+) full_tsc_min=(\d+) "
          r"full_tsc_max=(\d+) total_tsc=0x([0-9a-f]+) elapsed_tsc=0x([0-9a-f]+)$")


def one_run(name, cart, ticks):
    run = boot(name, carts=[cart], config=f"exit=never\nmax_ticks={ticks}\n",
               extra_args=["-icount", "shift=0,sleep=off"], timeout=600)
    m = run.find(REPORT)
    if run.exit_code != 33 or not m:
        print(f"bench_console: the run failed\n{run.describe()}")
        sys.exit(1)
    frames, skipped, full, full_min, _ = (int(v) for v in m.groups()[:5])
    total, elapsed = int(m.group(6), 16), int(m.group(7), 16)
    return {"full": full_min if full else None, "fps": frames * 1e9 / elapsed,
            "skipped": skipped, "total": total, "elapsed": elapsed}


def one_second(name, cart):
    """A run of FIRST_TICKS and one a second longer: the figures of the
    longer one, and the share of the CPU the display left over that second."""
    short = one_run(f"{name}-short", cart, FIRST_TICKS)
    long = one_run(name, cart, FIRST_TICKS + 100)
    long["left"] = 100 * (1 - (long["total"] - short["total"]) /
                          (long["elapsed"] - short["elapsed"]))
    return long


def spread(values, fmt):
    return (f"{fmt.format(statistics.median(values))} (median of {len(values)}, "
            f"{fmt.format(min(values))} to {fmt.format(max(values))})")


def main():
    previous = previous_results(RESULTS)
    drawing = [one_second(f"bench-console-{i}", "con_bench") for i in range(RUNS)]
    still = [one_second(f"bench-console-still-{i}", "bench-tasks") for i in range(RUNS)]
    results = {"full": [r["full"] for r in drawing], "fps": [r["fps"] for r in drawing],
               "left-drawing": [r["left"] for r in drawing],
               "left-still": [r["left"] for r in still]}

    def was(key, fmt):
        return f"previous run: {spread(previous[key], fmt)}" if key in previous else \
            "no previous run"

    for key, what, fmt in (
            ("full", "compose one frame, 4 windows of 320x320 (scale 5) fully redrawn, "
                     "instructions", "{:.0f}"),
            ("fps", "frames per second with four tasks drawing", "{:.1f}"),
            ("left-drawing", "CPU left to game tasks over a second, four tasks drawing "
                             "every frame, %", "{:.2f}"),
            ("left-still", "CPU left to game tasks over a second, no task drawing, %",
             "{:.3f}")):
        print(f"{what}: {spread(results[key], fmt)}; {was(key, fmt)}")
    print("figure to beat: 60 fps composed at 1024x768 with four tasks, at least half "
          "of the CPU left to the tasks")
    keep_results(RESULTS, results)


if __name__ == "__main__":
    main()

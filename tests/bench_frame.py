#!/usr/bin/env python3
"""What a game gets of a clock tick with the display on, as a user runs
the console (a framebuffer, QEMU's default display), beside the tick
without a display (-vga none, as bench_tasks.py measures it).

Method: as bench_tasks.py, QEMU's GDB stub single-steps the guest and the
script counts the instructions from the first one of the vector-32 handler,
entered from ring 3, to the first one of the next task in ring 3; a `rep`
counts once per iteration.  Each figure is the median of SAMPLES
consecutive ticks once the run has settled (the boot log drawn, tick
SETTLE_TICKS on) whose frame has the case's number of written screens
(their table entries' Dirty bits read through GDB at the handler's first
instruction), with the smallest and largest beside it: one tick in 25
also writes the status bar.  Stepping is slow (some 3,000 steps a second),
so the drawing cases take fewer samples.  The cases:
- display off: tests/carts/bench-tasks with -vga none;
- screens unchanged: bench-tasks (A calls a service, B spins; neither
  draws);
- one screen changed: tests/carts/bench-frame (A writes its 64 x 64 screen
  and yields, every tick; B spins; C and D wait), four windows of 320 x 320
  at 1024 x 768 as for con_bench;
- four screens changed: tests/carts/con_bench (four tasks write all their
  pixels every frame, then wait for the next: its ticks interrupt the idle
  task, in ring 0).
The previous run's figures are kept in build/bench/frame.json.
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "boot"))
sys.path.insert(0, os.path.dirname(__file__))
from bench_tasks import CS, KERNEL, RSP, keep_results, previous_results, step_counts  # noqa: E402
from genesis import BUILD, symbols  # noqa: E402

RESULTS = os.path.join(BUILD, "bench", "frame.json")
SETTLE_TICKS = 150
CASES = [  # key, what, cartridge, QEMU arguments, samples, figure to beat
    ("off", "tick, display off (-vga none)", "bench-tasks", ("-vga", "none"), 5, 100),
    ("still", "tick, display on, screens unchanged", "bench-tasks", (), 5, 300),
    ("one", "tick, display on, one 64x64 screen changed", "bench-frame", (), 3, 120000),
    ("four", "tick, display on, four screens changed", "con_bench", (), 3, 450000),
]
DIRTY = {"off": None, "still": 0, "one": 1, "four": 4}  # screens written since the last frame
# display.c's struct window: the screen's copy, then the pointer to the
# task's table entry for its screen page.
WINDOW_SIZE, SCREEN_PTE = 4096 + 5 * 4, 4096
PTE_D = 0x40
# con_bench's four tasks all wait for the next frame once they have drawn,
# so its ticks interrupt the idle task (ring 0), not a task.
ANY_RING = {"four"}


def dirty_screens(g, kernel):
    """The windows whose screen's table entry has D set: the screens the
    coming frame redraws."""
    found = 0
    for i in range(4):
        pte = g.u32(kernel["windows"] + i * WINDOW_SIZE + SCREEN_PTE)
        found += bool(pte and g.u32(pte) & PTE_D)
    return found


def settled_ticks(g, kernel, samples, any_ring, dirty):
    """The steps of `samples` ticks that interrupted ring 3 (or any ring),
    from tick SETTLE_TICKS on, with `dirty` screens to redraw (None: no
    display)."""
    counts = []

    def ready(g):
        from_ring3 = any_ring or g.u32(g.reg(RSP) + 4) & 3 == 3
        # A frame stepped through takes seconds of the host's time, so the
        # display finds the next tick pending and lets the next frame go
        # (display.c, overran): such a tick is not the one measured.
        return (from_ring3 and g.u32(kernel["ticks"]) >= SETTLE_TICKS
                and g.u32(kernel["overran"]) == 0
                and (dirty is None or dirty_screens(g, kernel) == dirty))

    while len(counts) < samples:
        g.run_to(kernel["clock_stub"], ready)
        counts.append(g.steps_until(lambda g: g.reg(CS) & 3 == 3))
    return counts


def main():
    kernel = symbols(KERNEL)
    results = {}
    for key, what, cart, args, samples, _ in CASES:
        got = step_counts(f"bench-frame-{key}", cart, [(key, what, None)],
                          lambda g, r: r.__setitem__(key, settled_ticks(g, kernel, samples,
                                                                      key in ANY_RING,
                                                                      DIRTY[key])),
                          extra_args=args, max_ticks=SETTLE_TICKS + 400)
        results[key] = got[key]
    previous = previous_results(RESULTS)
    for key, what, _, _, _, limit in CASES:
        counts = results[key]
        line = (f"{what}: {statistics.median(counts):.0f} instructions "
                f"(median of {len(counts)}, {min(counts)} to {max(counts)})")
        was = previous.get(key)
        line += (f" (previous run: {statistics.median(was):.0f}, {min(was)} to {max(was)})"
                 if was else " (no previous run)")
        print(line + f", figure to beat: at most {limit}")
    keep_results(RESULTS, results)


if __name__ == "__main__":
    main()

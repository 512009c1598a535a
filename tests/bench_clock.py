#!/usr/bin/env python3
"""Guest instruction counts on each clock source (docs/hardware.md): the PIT
(-machine pc), HPET legacy replacement (q35 without the PIT) and the LAPIC
timer (q35 without the PIT or the HPET).

- ready: from sched_start, right after `genesis: kernel ready`, to the first
  instruction of the first task in ring 3 (the idle task inserts the
  cartridge: two task creations, the log lines, the first switch);
- tick: one clock tick that switches tasks, from the first instruction of
  the vector-32 handler to the next task's first instruction in ring 3.

Method as bench_tasks.py: QEMU's GDB stub single-steps the guest, one
instruction a step, with no display (-vga none), on tests/carts/bench-tasks.
Counts are exact; ready varies by a few dozen instructions with the
firmware's memory map.  The previous run's figures are kept in
build/bench/clock.json.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "boot"))
from bench_tasks import CS, KERNEL, KERNEL_CS, report, step_counts, tick_steps  # noqa: E402
from genesis import BUILD, symbols  # noqa: E402

RESULTS = os.path.join(BUILD, "bench", "clock.json")
SOURCES = [  # key, machine, name
    ("pit", "pc", "the PIT"),
    ("hpet", "q35,pit=off,hpet=on", "HPET timer 0"),
    ("lapic", "q35,pit=off,hpet=off", "the LAPIC timer"),
]


def measure(g, kernel, key, results):
    g.run_to(kernel["sched_start"], lambda g: g.reg(CS) == KERNEL_CS)
    results[f"ready-{key}"] = g.steps_until(lambda g: g.reg(CS) & 3 == 3)
    results[f"tick-{key}"] = tick_steps(g, kernel)


def main():
    kernel = symbols(KERNEL)
    figures, results = [], {}
    for key, machine, name in SOURCES:
        mine = [(f"ready-{key}", f"{name}: kernel ready to the first task in ring 3", None),
                (f"tick-{key}", f"{name}: clock tick with a task switch, handler to next task "
                                f"in ring 3", 100)]
        results.update(step_counts(f"bench-clock-{key}", "bench-tasks", mine,
                                   lambda g, r, key=key: measure(g, kernel, key, r), machine))
        figures += mine
    report(figures, results, RESULTS)


if __name__ == "__main__":
    main()

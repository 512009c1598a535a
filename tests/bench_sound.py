#!/usr/bin/env python3
"""Guest instruction counts of a clock tick with and without sound
(docs/sound.md): the tick that switches tasks while nothing plays (the
plain stub, as before there was sound), and while a note is held on each
of the four channels (the stub with work: sound_tick counts each channel
down and keeps the voice).

Method as bench_tasks.py: QEMU's GDB stub single-steps the guest from the
first instruction of the vector-32 handler, entered from ring 3, to the
next task's first instruction in ring 3, on tests/carts/bench-sound (A is
silent for 30 ticks, then holds four notes; B spins).  Counts are exact.
The previous run's figures are kept in build/bench/sound.json.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "boot"))
from bench_tasks import KERNEL, report, step_counts, tick_steps  # noqa: E402
from genesis import BUILD, symbols  # noqa: E402

RESULTS = os.path.join(BUILD, "bench", "sound.json")
FIGURES = [  # key, what, figure to beat or None
    ("tick-silent", "clock tick with a task switch, nothing playing", 100),
    ("tick-sound", "clock tick with a task switch, a note held on each of four channels", None),
]


def measure(g, kernel, results):
    results["tick-silent"] = tick_steps(g, kernel, "clock_stub")
    results["tick-sound"] = tick_steps(g, kernel, "clock_stub_work")


def main():
    kernel = symbols(KERNEL)
    results = step_counts("bench-sound", "bench-sound", FIGURES,
                          lambda g, r: measure(g, kernel, r))
    report(FIGURES, results, RESULTS)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Guest instruction counts of seed 000's services, by the method of
bench_tasks.py (QEMU's GDB stub single-steps the guest; the steps are
counted from the task's `int` to the instruction after it, in ring 3):

- SetDataLimit growing the area by one page (1 -> 2 pages: one frame taken,
  zeroed through a kmap slot and mapped; the page table exists already);
- one ReadData of a byte of that page (letter and bounds checks, a walk of
  the task's page directory, the frame read through a kmap slot).

The cartridge is tests/carts/exam000_bench (one task looping over both).
The previous run's figures are kept in build/bench/exam000.json.
"""

import os

from bench_tasks import CS, RIP, report, step_counts
from genesis import BUILD, symbols

TASK_A = os.path.join(BUILD, "obj", "cartridges", "tests", "carts", "exam000_bench", "A.elf")
RESULTS = os.path.join(BUILD, "bench", "exam000.json")
FIGURES = [  # key, what, figure to beat (none is set for these)
    ("grow", "SetDataLimit growing the data area by one page (int 88 to the next instruction)", None),
    ("read", "ReadData of one byte (int 89 to the next instruction)", None),
]


def measure(g, task_a, results):
    def in_task(address):
        return lambda g: g.reg(RIP) == address and g.reg(CS) & 3 == 3

    g.run_to(task_a["grow"], lambda g: g.reg(CS) & 3 == 3)
    results["grow"] = g.steps_until(in_task(task_a["grown"]))
    g.run_to(task_a["read"], lambda g: g.reg(CS) & 3 == 3)
    results["read"] = g.steps_until(in_task(task_a["done"]))


def main():
    task_a = symbols(TASK_A)
    results = step_counts("bench-exam000", "exam000_bench", FIGURES,
                          lambda g, results: measure(g, task_a, results))
    report(FIGURES, results, RESULTS)


if __name__ == "__main__":
    main()

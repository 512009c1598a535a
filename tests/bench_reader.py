#!/usr/bin/env python3
"""The cartridge reader's figures, per frame:

- instructions of deviceready() with 0, 1 and 4 copy tasks woken by it, by
  the method of bench_tasks.py (QEMU's GDB stub single-steps the guest and
  the steps are counted from deviceready's first instruction to its return);
  the cartridge is tests/carts/bench-reader, whose copy tasks join one after
  another, and a call is taken once the reader's table (`clients` in
  reader.c) holds the wanted number of sleeping copy tasks;
- the latency in clock ticks from each vector-40 interrupt to each task it
  woke running, and the frames the tasks missed, from a trace=on run of
  tests/carts/reader_stress (three copy tasks and one DMA task opening again
  after every frame, at 64 frames per second).  The figure to beat: every
  woken task runs within one scheduling round (one tick per runnable task),
  and no frame is missed.

The previous run's figures are kept in build/bench/reader.json and
reader-latency.json.
"""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "boot"))
from bench_tasks import (CS, KERNEL, KERNEL_CS, RIP, RSP, keep_results, previous_results, report,
                         step_counts)  # noqa: E402
from genesis import BUILD, GUEST_TIME, NO_SCREEN, boot, symbols  # noqa: E402

COUNTS = os.path.join(BUILD, "bench", "reader.json")
LATENCY = os.path.join(BUILD, "bench", "reader-latency.json")
COPY_TASKS = (0, 1, 4)
FIGURES = [(f"deviceready_{k}", f"deviceready() waking {k} copy task{'' if k == 1 else 's'}", None)
           for k in COPY_TASKS]
CLIENT_SIZE, CLIENT_MODE, CLIENT_WAITING = 20, 0, 4   # struct client in reader.c
READER_COPY = 2
TASK_SLOTS = 4
SETTLE_CALLS = 2


def sleeping_copies(g, clients):
    """How many tasks wait in copy mode for this frame."""
    n = 0
    for i in range(TASK_SLOTS):
        base = clients + i * CLIENT_SIZE
        if g.u32(base + CLIENT_MODE) & 0xFF == READER_COPY and g.u32(base + CLIENT_WAITING):
            n += 1
    return n


def open_clients(g, clients):
    return sum(g.u32(clients + i * CLIENT_SIZE + CLIENT_MODE) & 0xFF != 0 for i in range(TASK_SLOTS))


def measure(g, kernel, results):
    entry, clients = kernel["deviceready"], kernel["clients"]
    for k in COPY_TASKS:
        # The state to measure in: k tasks, and no other, asleep in copy mode.
        # Its first calls are passed by: a task's first copy also makes the
        # page table for its copy address, once.
        seen = []

        def accept(g, k=k, seen=seen):
            if g.reg(CS) != KERNEL_CS or open_clients(g, clients) != k or sleeping_copies(g, clients) != k:
                return False
            seen.append(1)
            return len(seen) > SETTLE_CALLS
        g.run_to(entry, accept)
        esp = g.reg(RSP)
        ret = g.u32(esp)
        results[f"deviceready_{k}"] = g.steps_until(lambda g: g.reg(RIP) == ret and g.reg(RSP) == esp + 4)


TRACE_TICK = re.compile(r"trace: tick=(\d+) (?:reader interrupt|switch \S+ -> (\S+)|task (\S) service (\d+))$")


def latencies():
    """Ticks from each reader interrupt to each task it woke running, and the
    frames each task missed."""
    run = boot("bench-reader-latency", carts=["reader_stress"], config="exit=idle\nfps=64\ntrace=on\n",
               extra_args=NO_SCREEN + GUEST_TIME, timeout=600)
    waiting, woken, ticks = set(), {}, []
    for line in run.lines:
        m = TRACE_TICK.match(line)
        if not m:
            continue
        tick, to, caller, service = int(m.group(1)), m.group(2), m.group(3), m.group(4)
        if caller and service == "90":
            waiting.add(caller)
        elif to is None and caller is None:
            for task in waiting:
                woken[task] = tick
            waiting.clear()
        elif to in woken:
            ticks.append(tick - woken.pop(to))
    missed = 0
    for letter in "ABCD":
        counters = [int(m.group(1)) for m in run.all(rf"task {letter}: frame (\d+) sum ")]
        missed += sum((b - a) % 256 - 1 for a, b in zip(counters, counters[1:]))
    if not ticks or run.find(r"panic:"):
        print(f"bench_reader: no latency measured\n{run.describe()}")
        sys.exit(1)
    return {"latency_max": max(ticks), "latency_mean": round(sum(ticks) / len(ticks), 3),
            "wakeups": len(ticks), "missed": missed}


def main():
    kernel = symbols(KERNEL)
    report(FIGURES, step_counts("bench-reader", "bench-reader", FIGURES,
                                lambda g, results: measure(g, kernel, results)), COUNTS)

    results = latencies()
    previous = previous_results(LATENCY)

    def was(key):
        return f" (previous run: {previous[key]})" if key in previous else " (no previous run)"

    print(f"vector 40 to each woken task running: at most {results['latency_max']} clock ticks, "
          f"mean {results['latency_mean']}, over {results['wakeups']} wake-ups{was('latency_max')}; "
          f"figure to beat: at most 4 (one round of four tasks)")
    print(f"frames missed by 3 copy + 1 DMA tasks at 64 per second: {results['missed']}{was('missed')}; "
          f"figure to beat: 0")
    keep_results(LATENCY, results)


if __name__ == "__main__":
    main()

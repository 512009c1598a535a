#!/usr/bin/env python3
"""Boot time: QEMU start -> `genesis: kernel ready`, against a bare GNU-EFI
application on the same firmware that prints one line and powers off.

The ratio shows what the loader's hand-off and the kernel's start-up add to
the firmware's own boot.  Runs alternate between the two, A B A B, and the
ratio is taken pair by pair: a noisy moment of a loaded machine slows both
runs of a pair, and the median of the pairs' ratios leaves it out (the
ratio of two medians could pair a fast run with a slow one: 1.02 and 0.57
were seen for the same code).  The previous run's figures are kept in
build/bench/boot.json.
"""

import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "boot"))
from genesis import BUILD, boot  # noqa: E402
from bench_tasks import keep_results, previous_results  # noqa: E402

RUNS = 5
BARE = os.path.join(BUILD, "bench", "BARE.EFI")
RESULTS = os.path.join(BUILD, "bench", "boot.json")


def bare_esp():
    """An ESP folder whose only program is the bare application."""
    folder = os.path.join(BUILD, "bench", "bare-esp")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "EFI", "BOOT"))
    shutil.copy(BARE, os.path.join(folder, "EFI", "BOOT", "BOOTX64.EFI"))
    return folder


def main():
    esp = bare_esp()
    genesis, bare = [], []
    for i in range(RUNS):
        run = boot(f"bench-genesis-{i}", config="exit=idle\n", poll=0.005, stop_on=r"genesis: kernel ready$")
        genesis.append(run.seconds_to(r"genesis: kernel ready$"))
        run = boot(f"bench-bare-{i}", esp=esp, poll=0.005)
        bare.append(run.seconds_to(r"bare: hello$"))
    g, b = statistics.median(genesis), statistics.median(bare)
    ratios = sorted(x / y for x, y in zip(genesis, bare))
    ratio = statistics.median(ratios)
    was = previous_results(RESULTS)
    previous = (f"previous run: {was['ratio']:.3f}, {was['low']:.3f} to {was['high']:.3f}"
                if {"ratio", "low", "high"} <= was.keys() else "no previous run")
    print(f"boot to 'genesis: kernel ready': {g:.3f} s (median of {RUNS}: "
          + ", ".join(f"{t:.2f}" for t in genesis) + ")")
    print(f"bare GNU-EFI app to its line:     {b:.3f} s (median of {RUNS}: "
          + ", ".join(f"{t:.2f}" for t in bare) + ")")
    print(f"ratio, pair by pair: {ratio:.3f} (median of {RUNS} pairs, {ratios[0]:.3f} to "
          f"{ratios[-1]:.3f}; {previous}), figure to beat: under 1.10")
    keep_results(RESULTS, {"ratio": ratio, "low": ratios[0], "high": ratios[-1]})


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""`make trace CART=<name>`: boots that cartridge alone with timeline=on
for TRACE_TICKS clock ticks, guest time counted in instructions so the same
cartridge gives the same timeline, and turns the timeline the kernel writes
on the serial line into build/trace/<name>.json (Chrome trace events: open
it at https://ui.perfetto.dev) and build/trace/<name>.png (a window of it).
docs/trace.md explains what it shows."""

import argparse
import collections
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "boot"))
sys.path.insert(0, HERE)
import timeline  # noqa: E402
from genesis import BUILD, boot  # noqa: E402

OUT = os.path.join(BUILD, "trace")
# Guest time from the instruction count, with no sleeping: when the CPU
# halts, QEMU jumps to the next timer instead of waiting in real time, so
# the host's load never shows in the timeline.
DETERMINISTIC = ["-icount", "shift=3,sleep=off", "-rtc", "clock=vm"]
DEFAULT_TICKS = 300
DEFAULT_LENGTH_MS = 40


def record(cart, ticks, name=None, config=""):
    """Boots cart with the timeline on for `ticks` clock ticks; returns
    the Run and its decoded Timeline.  config: more BOOT.CFG lines."""
    run = boot(name or f"trace-{cart}", carts=[cart],
               config=f"exit=never\nmax_ticks={ticks}\ntimeline=on\n{config}",
               extra_args=DETERMINISTIC, timeout=600)
    if run.timed_out or run.exit_code is None:
        raise RuntimeError(f"trace: the run did not end\n{run.describe()}")
    return run, timeline.parse(run.lines)


def default_window(t, length_ms=DEFAULT_LENGTH_MS):
    """From the first task's start (the cartridge's), length_ms long."""
    starts = t.of("start")
    first = t.us(starts[0].time) / 1000 if starts else 0
    return first, length_ms


def summary(t):
    """Lines saying what the timeline holds."""
    irqs = collections.Counter(e.arg for e in t.of("interrupt"))
    services = collections.Counter((t.name(e.task), e.arg) for e in t.of("service"))
    lines = [f"{len(t.events)} events over {t.us(t.end) / 1000:.1f} ms of guest time"
             f" ({t.lost} older ones lost), TSC at {t.tsc_hz / 1e6:.3f} MHz",
             f"{len(t.of('switch'))} task switches, {len(t.of('frame'))} frames composed, "
             f"{len(t.of('fault'))} faults"]
    lines += [f"{n} x {timeline.vector_name(v)}" for v, n in sorted(irqs.items())]
    lines += [f"{n} x task {task} {timeline.service_name(v)} ({v})"
              for (task, v), n in sorted(services.items())]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cart", help="a built cartridge's name (build/carts or build/testcarts)")
    parser.add_argument("--ticks", type=int, default=DEFAULT_TICKS)
    parser.add_argument("--window", help="START_MS:LENGTH_MS of the picture (default: "
                        f"{DEFAULT_LENGTH_MS} ms from the cartridge's first task's start)")
    parser.add_argument("--png", help="where the picture goes (default build/trace/<cart>.png)")
    parser.add_argument("--config", action="append", default=[], metavar="KEY=VALUE",
                        help="a BOOT.CFG line more (rtc=off: the same timeline every run)")
    args = parser.parse_args()
    try:
        run, t = record(args.cart, args.ticks, config="".join(line + "\n" for line in args.config))
    except (RuntimeError, timeline.TimelineError, FileNotFoundError) as e:
        sys.exit(f"trace: {e}")
    os.makedirs(OUT, exist_ok=True)
    json_path = os.path.join(OUT, args.cart + ".json")
    png_path = args.png or os.path.join(OUT, args.cart + ".png")
    timeline.write_json(t, json_path)
    if args.window:
        try:
            start, length = (float(x) for x in args.window.split(":"))
        except ValueError:
            sys.exit(f"trace: --window wants START_MS:LENGTH_MS, not {args.window!r}")
    else:
        start, length = default_window(t)
    timeline.write_png(t, png_path, start, length,
                       f"{args.cart}: {length:g} ms from {start:.1f} ms of guest time")
    for line in summary(t):
        print(f"trace: {line}")
    print(f"trace: serial log {os.path.join(run.folder, 'serial.log')}")
    print(f"trace: {json_path} (open it at https://ui.perfetto.dev)")
    print(f"trace: {png_path}")


if __name__ == "__main__":
    main()

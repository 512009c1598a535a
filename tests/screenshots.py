#!/usr/bin/env python3
"""`make screenshots`: runs the console's boot scenarios (tests/test_console.py,
tests/test_inspect.py, tests/test_starfall.py) and keeps their screendumps as
the PNG files README.md shows, in docs/img/; then records a timeline as
`make trace` does and draws a window of it (docs/img/timeline.png,
docs/trace.md)."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "boot"))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "cartridges", "sdk"))
import test_console  # noqa: E402
import test_starfall  # noqa: E402
import test_inspect  # noqa: E402
import timeline  # noqa: E402
import trace_run  # noqa: E402
from genesis import Image  # noqa: E402
from pngwrite import write_png  # noqa: E402

OUT = os.path.join(HERE, "..", "docs", "img")
SHOTS = [  # scenario, its screendump, the README's file
    (test_console.title_scenario, "title", "title.png"),
    (test_console.breakout_scenario, "playing", "breakout.png"),
    (test_console.viewer_scenario, "viewer", "viewer.png"),
    (test_console.kill_scenario, "killed", "killed.png"),
    (test_console.filters_scenario, "filters", "filters.png"),
    (test_console.exam000_scenario, "exam000", "exam000.png"),
    (test_starfall.starfall_scenario, "game", "starfall.png"),
    (test_inspect.inspect_scenario, "inspect", "inspect.png"),
]

# The timeline's picture: a cartridge, its run's ticks, and the window
# drawn, in ms from the start of its first task: a second in, when its four
# tasks filter the reader's frames at their steady pace.
TIMELINE = ("filters", 150, 1000, 40, "timeline.png")


def timeline_picture():
    cart, ticks, offset, length, png = TIMELINE
    t = trace_run.record(cart, ticks, name="screenshot-timeline")[1]
    start = trace_run.default_window(t)[0] + offset
    timeline.write_png(t, os.path.join(OUT, png), start, length,
                       f"{cart}: {length} ms of guest time, {offset} ms after its first task started")
    print(f"screenshots: docs/img/{png}")


def main():
    os.makedirs(OUT, exist_ok=True)
    for scenario, shot, png in SHOTS:
        run = scenario()
        if run.timed_out:
            sys.exit(f"screenshots: {run.describe()}")
        image = Image(os.path.join(run.folder, shot + ".ppm"))
        write_png(os.path.join(OUT, png), image.width, image.height, image.pixels, color_type=2)
        print(f"screenshots: docs/img/{png}")
    timeline_picture()


if __name__ == "__main__":
    main()

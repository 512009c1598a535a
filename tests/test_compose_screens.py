"""The incremental composer against a full redraw, and a write that races
the Dirty bit (docs/console.md, what a frame redraws).

Pixel-exact: tests/carts/con_pattern changes its screens in a known order
(all four, one, two, none, a task killed, a few rows of one), then select
swaps to tests/carts/con_still and back.  The same run with
selftest=composefull redraws every window and label every frame; at each
step the two screens must agree pixel for pixel between the status bar and
the log (those two say the time and the run's own log lines).
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "boot"))
from genesis import after, boot, screendump  # noqa: E402
from console import FONT, hold, image, when_logged, window_screen, windows  # noqa: E402

PHASE = r"task A: pattern: phase {}$"
STEPS = ["phase0", "phase1", "phase2", "phase3", "phase4", "phase5", "swapped", "back"]
LOG_ROWS = 4                             # compose.h LOG_LINES


def pattern_run(name, selftest):
    # A screen that held still: with selftest=composefull the kernel paints
    # a killed task's panel and every label again each frame, paper first,
    # and a single dump can catch the text not yet drawn.
    steps = [when_logged(PHASE.format(n), 1, screendump(f"phase{n}", steady=True), settle=0.4)
             for n in range(6)]
    steps += [hold("tab", 50), when_logged(r"task A: still: drawn$", 1,
                                           screendump("swapped", steady=True), settle=0.5),
              hold("tab", 50), when_logged(PHASE.format(1), 2, screendump("back", steady=True),
                                           settle=0.4)]

    def act(mon, folder):
        for step in steps:
            step(mon, folder)

    # The trigger acts on the first insertion's phase 0 line and returns
    # once the second insertion has shown phase 1; its phase 3 ends the run.
    run = boot(name, carts=["con_pattern", "con_still"],
               config=f"exit=never\ncart=con_pattern.cart\nselftest={selftest}\n", timeout=120,
               stop_on=PHASE.format(3), triggers=[(PHASE.format(0), act)])
    assert not run.timed_out, run.describe()
    return run


def grid_rows(img):
    """The rows between the status bar and the log."""
    first, last = FONT.height, (img.height // FONT.height - LOG_ROWS) * FONT.height
    return [img.pixels[y * img.width * 3:(y + 1) * img.width * 3] for y in range(first, last)]


def test_incremental_frames_equal_full_redraws():
    incremental = pattern_run("compose-incremental", "none")
    full = pattern_run("compose-full", "composefull")
    for run in (incremental, full):
        run.expect(r"task D: killed")
        assert len(run.all(r'cart: inserted "Compose pattern"$')) == 2, run.describe()
    for step in STEPS:
        a, b = grid_rows(image(incremental, step)), grid_rows(image(full, step))
        bad = [y for y, (ra, rb) in enumerate(zip(a, b)) if ra != rb]
        assert not bad, f"{step}: rows {bad[:5]}... differ below the status bar"
    # The steps are the states they claim: the screens differ from one
    # another where the pattern says they change.
    shots = {step: grid_rows(image(incremental, step)) for step in STEPS}
    assert shots["phase0"] != shots["phase1"] != shots["phase2"]
    assert shots["phase2"] == shots["phase3"]
    assert shots["phase3"] != shots["phase4"] != shots["phase5"]
    assert shots["swapped"] != shots["back"]


def test_a_write_between_the_dirty_bit_and_the_copy_shows():
    run = boot("compose-race", carts=["con_race"],
               config="exit=never\nselftest=composerace\n", timeout=60,
               stop_on=r"task A: race: 20 screens written$",
               triggers=[(r"task A: race: 20 screens written$", after(0.5, screendump("race")))])
    run.expect(r"display: selftest=composerace: tasks run between a screen's Dirty bit "
               r"cleared and its copy$")
    colours = window_screen(image(run, "race"), windows(run)["A"])
    assert set(colours) == {(200, 200, 200)}, run.describe()

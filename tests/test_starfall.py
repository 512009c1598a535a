"""Starfall (cartridges/starfall), the sample written with the SDK alone:
its two tasks run, the scoreboard (B) shows what the game (A) keeps on its
board, and the tune that starts a game comes out of the speaker.

The game's randomness is left as it is (seeded from the clock): the checks
hold whatever falls."""
from genesis import KILLED, Cart, after, boot, screendump
from speaker import expect_tones, record, tones
from console import VIEWER_SHOWING, WINDOW, hold, image, pause, window_screen

STARTED = r"task A: starfall: arrows steer, Enter starts$"
READING = r"task B: scoreboard: reading task A's board$"
HEART = 19                       # the heart's palette index (frames.py)
HEART_PIXELS = 13                # pixels of one heart sprite
TUNE_START = [(523, 6), (659, 6), (784, 6), (1047, 12)]    # A.c's TUNE_START


def hearts(run, shot):
    """How many hearts window B, the scoreboard, shows in screenshot `shot`."""
    heart = Cart("starfall").colours([HEART])[0]
    # Starfall's windows: the first layout, before Tab swapped in the viewer.
    b = next(m for m in run.all(WINDOW) if m.group(1) == "B")
    pixels = window_screen(image(run, shot), tuple(int(v) for v in b.groups()[1:])).count(heart)
    assert pixels % HEART_PIXELS == 0, f"{pixels} heart pixels is no whole number of hearts"
    return pixels // HEART_PIXELS


def starfall_scenario():
    """The title, a game just started, the game a few seconds on (the
    README's picture, tests/screenshots.py); Tab then swaps to the viewer,
    which ends the run."""
    play = after(0.5, screendump("title"), hold("ret", 100), pause(0.3), screendump("playing"),
                 hold("left", 600), pause(1.5), screendump("game"), hold("tab", 50))
    return boot("starfall", carts=["starfall", "viewer"], config="exit=never\n",
                stop_on=VIEWER_SHOWING, triggers=[(STARTED, play)])


def test_the_scoreboard_reads_the_games_board():
    # On the title screen the board says no lives: no hearts.  Enter starts
    # a game with three; nothing has fallen far enough to hit the ship in
    # the second that follows (a rock takes over 1.6 s), so the scoreboard
    # shows all three.
    run = starfall_scenario()
    assert not run.timed_out, run.describe()
    run.expect(READING)
    run.expect_none(rf"task [AB]: {KILLED}")
    assert hearts(run, "title") == 0
    assert hearts(run, "playing") == 3


def test_a_game_starts_with_its_tune():
    def start(mon, folder):
        mon.command("sendkey ret 50")
    run, path = record("starfall-tune", ["starfall"], config="exit=never\nmax_ticks=800\n",
                       triggers=[(STARTED, after(1.0, start))])
    run.expect(r"genesis: max_ticks reached, ticks=800$")
    run.expect(READING)
    expect_tones(tones(path)[:len(TUNE_START)], TUNE_START)

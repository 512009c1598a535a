"""The console a person sees and plays (issue 7): task screens composed on the
GOP display, the pad, cartridge swapping, the sample games.

Each scenario boots once and checks several things.  Screens are checked
against pixels computed here from the same cartridge file: a window must be
the task's 64 x 64 screen blown up by the window's scale, every block of
scale x scale pixels one colour of the cartridge's palette.  The scenarios
also make the README's screenshots (tests/screenshots.py).
"""

from genesis import (EXITED, KILLED, MEM, NO_SCREEN, READY, Cart, Crop, after, boot, defines,
                     find_text, screendump)
from console import (FONT, SCREEN, VIEWER_SHOWING, WINDOW, hold, image, label_area, pause,
                     text_in, when_logged, window_screen, windows)

# Select's swap: EJECTED.format(n) is the line of swap n.
EJECTED = r'cart: ejected "[^"]+", swap {}: kernel pool (\d+) free pages, task pool (\d+) free pages$'


# ---- reading screens ---------------------------------------------------------------









# ---- acting on a running console ------------------------------------------------------









# ---- the scenarios (tests/screenshots.py runs them too) --------------------------------

def title_scenario():
    return boot("console-title", config="exit=never\n", stop_on=READY,
                triggers=[(READY, after(0.5, screendump("title")))])


def viewer_scenario():
    return boot("console-viewer", carts=["viewer"], config="exit=never\nfps=16\n",
                stop_on=VIEWER_SHOWING,
                triggers=[(VIEWER_SHOWING, after(1.5, screendump("viewer")))])


def kill_scenario():
    # A and C die after showing a card for 30 frames; B keeps drawing.
    return boot("console-kill", carts=["con_kill"], config="exit=never\n",
                stop_on=rf"task C: {KILLED}",
                triggers=[(rf"task C: {KILLED}", after(0.5, screendump("killed")))])


def filters_scenario():
    # Every task has reported once: each has shown a frame or more.
    shown = r"task D: edges \(copy\): 16 frames, checksum 0x[0-9a-f]+$"
    return boot("console-filters", carts=["filters"], config="exit=never\nfps=16\n",
                stop_on=shown, triggers=[(shown, after(0.2, screendump("filters")))])


def exam000_scenario():
    # The tasks end in an order of their own: the picture is taken once all have.
    last = rf"task [ABCD]: {EXITED}"
    return boot("console-exam000", carts=["exam000"], config="exit=never\n",
                stop_on=last,
                triggers=[(last, when_logged(last, 4, screendump("exam000")))])


def breakout_scenario():
    started = r"task A: breakout: arrows steer, Z serves, Enter pauses$"
    play = after(0.5, screendump("start"), hold("right", 600), screendump("right"),
                 hold("left", 300), screendump("left"), hold("z", 50), pause(0.4),
                 screendump("playing"), hold("tab", 50), pause(1.0), screendump("swapped"))
    return boot("console-breakout", carts=["breakout", "viewer"], config="exit=never\n",
                stop_on=VIEWER_SHOWING, triggers=[(started, play)])


# ---- the tests ---------------------------------------------------------------------------

def test_title_screen_says_what_to_do():
    run = title_scenario()
    assert not run.timed_out, run.describe()
    run.expect(r"cart: none, insert a cartridge$")
    screen = image(run, "title")
    assert find_text(screen, "insert a cartridge", FONT), f"no title text ({screen.path})"
    # The status bar, on the top text row.
    top = Crop(screen, 0, 0, screen.width, FONT.height)
    for words in ("Orga G", "no cartridge", "KiB free", "fps", "ticks"):
        assert find_text(top, words, FONT), f"status bar lacks {words!r} ({screen.path})"


def test_viewer_window_shows_the_readers_frames():
    run = viewer_scenario()
    assert not run.timed_out, run.describe()
    run.expect_none(rf"task A: ({EXITED}|{KILLED})")
    placed = windows(run)
    assert set(placed) == {"A"}, run.describe()
    screen = image(run, "viewer")
    # One window takes the screen's height: scale 10 at 1024 x 768.
    assert (screen.width, screen.height, placed["A"][3]) == (1024, 768, 10)
    shown = window_screen(screen, placed["A"])
    cart = Cart("viewer")
    assert any(shown == cart.colours(frame) for frame in cart.frames), \
        f"the viewer's window shows none of its {len(cart.frames)} frames ({screen.path})"
    label = text_in(screen, "A  waiting", *label_area(placed["A"])) or \
        text_in(screen, "A  running", *label_area(placed["A"]))
    assert label, f"window A has no label ({screen.path})"


def test_a_killed_tasks_window_shows_why_it_died():
    run = kill_scenario()
    assert not run.timed_out, run.describe()
    placed = windows(run)
    assert set(placed) == {"A", "B", "C"}, run.describe()
    screen = image(run, "killed")
    for letter in "AC":
        reason = run.expect(rf"task {letter}: {KILLED}").group("reason")
        x, y, size, _ = placed[letter]
        assert text_in(screen, f"killed {reason}", x, y, size, size), \
            f"window {letter} does not say 'killed {reason}' ({screen.path})"
        assert text_in(screen, f"{letter}  killed", *label_area(placed[letter])), \
            f"window {letter}'s label does not say killed ({screen.path})"
    run.expect(r"task A: killed page fault vector=14 err=0x[0-9a-f]{8} eip=0x[0-9a-f]{8} "
               r"cr2=0x[0-9a-f]{8}$")
    run.expect(r"task C: killed divide error vector=0 err=0x00000000 eip=0x[0-9a-f]{8} "
               r"cr2=0x00000000$")
    # B lives on: its window shows its screen, greys 64 and 255 (no palette).
    assert set(window_screen(screen, placed["B"])) == {(64, 64, 64), (255, 255, 255)}


# The filters of cartridges/filters/common/filters.c, on RGB 3-3-2 indices.
def luma(c):
    r, g, b = (c >> 5) * 255 // 7, (c >> 2 & 7) * 255 // 7, (c & 3) * 255 // 3
    return (77 * r + 150 * g + 29 * b) >> 8


def grey(y):
    rg, b = (y * 7 + 127) // 255, (y * 3 + 127) // 255
    return rg << 5 | rg << 2 | b


def edges(frame):
    y = [luma(c) for c in frame]
    out = [0] * len(frame)
    for r in range(1, SCREEN - 1):
        for c in range(1, SCREEN - 1):
            p = r * SCREEN + c
            gx = y[p - SCREEN + 1] + 2 * y[p + 1] + y[p + SCREEN + 1] \
                - y[p - SCREEN - 1] - 2 * y[p - 1] - y[p + SCREEN - 1]
            gy = y[p + SCREEN - 1] + 2 * y[p + SCREEN] + y[p + SCREEN + 1] \
                - y[p - SCREEN - 1] - 2 * y[p - SCREEN] - y[p - SCREEN + 1]
            if abs(gx) + abs(gy) > 4 * 96:
                out[p] = 0xFF
    return out


FILTERS = {
    "A": lambda f: [grey(luma(c)) for c in f],
    "B": lambda f: [~c & 0xFF for c in f],
    "C": lambda f: [f[p - p % SCREEN + SCREEN - 1 - p % SCREEN] for p in range(len(f))],
    "D": edges,
}


def test_filters_show_each_filters_output():
    run = filters_scenario()
    assert not run.timed_out, run.describe()
    cart, placed, screen = Cart("filters"), windows(run), image(run, "filters")
    for letter, apply in FILTERS.items():
        shown = window_screen(screen, placed[letter])
        assert any(shown == cart.colours(apply(frame)) for frame in cart.frames), \
            f"window {letter} shows no frame of the cartridge through its filter ({screen.path})"


def primes_below(n):
    sieve = [False, False] + [True] * (n - 2)
    for p in range(2, n):
        if sieve[p]:
            for m in range(p * p, n, p):
                sieve[m] = False
    return sieve


def test_exam000_shows_its_data_areas():
    run = exam000_scenario()
    assert not run.timed_out, run.describe()
    for t in "ABCD":
        run.expect(rf"task {t}: exited status=0$")
    cart, placed, screen = Cart("exam000"), windows(run), image(run, "exam000")
    ink = cart.palette
    # C drew its sieve, D what it read of it through ReadData: the same map,
    # pixel n lit when n is prime.
    sieve = [ink[4] if prime else ink[5] for prime in primes_below(SCREEN * SCREEN)]
    assert window_screen(screen, placed["C"]) == sieve, f"C's window ({screen.path})"
    assert window_screen(screen, placed["D"]) == sieve, f"D's window ({screen.path})"
    # A's message as A wrote it and as B read it through ReadData: the same
    # bits on top; A's eight pages, and B's measure of them, along the bottom.
    a, b = window_screen(screen, placed["A"]), window_screen(screen, placed["B"])
    top = SCREEN * 24
    assert a[:top] == b[:top] and ink[6] in a[:top], f"A's and B's message bits ({screen.path})"
    bottom = [SCREEN * 56 + 8 * i + 3 for i in range(8)]
    assert [a[p] for p in bottom] == [ink[2]] * 8 and [b[p] for p in bottom] == [ink[3]] * 8
    for t in "ABCD":
        assert text_in(screen, f"{t}  exited status=0", *label_area(placed[t])), t


def test_every_documented_key_drives_the_pad():
    keys = [("up", "up"), ("kp_8", "up"), ("down", "down"), ("kp_2", "down"),
            ("left", "left"), ("kp_4", "left"), ("right", "right"), ("kp_6", "right"),
            ("z", "a"), ("spc", "a"), ("x", "b"), ("ret", "start"), ("kp_enter", "start")]
    run = boot("console-pad", carts=["con_pad"], config="exit=never\n", timeout=60,
               stop_on=r"task A: pad: start 2$",
               triggers=[(r"task A: pad ready$", after(0.2, *(hold(k, 30) for k, _ in keys)))])
    assert not run.timed_out, run.describe()
    counts = {}
    expected = []
    for _, button in keys:
        counts[button] = counts.get(button, 0) + 1
        expected.append(f"{button} {counts[button]}")
    assert [m.group(1) for m in run.all(r"task A: pad: (\w+ \d+)$")] == expected, run.describe()
    run.expect(r"kbd: PS/2 keyboard on vector 33 \(.+\)$")


def paddle_x(cart, colours):
    """Where the paddle's middle row is in the game's row 59, from the
    paddle sprite of the atlas (frame 0, 12 x 3 at (0, 0))."""
    sprite = cart.colours(cart.frames[0][SCREEN:SCREEN + 12])
    row = colours[59 * SCREEN:60 * SCREEN]
    found = [x for x in range(SCREEN - 11) if row[x:x + 12] == sprite]
    assert len(found) == 1, f"paddle found at {found}"
    return found[0]


def test_breakout_follows_the_pad_and_select_swaps_cartridges():
    run = breakout_scenario()
    assert not run.timed_out, run.describe()
    cart = Cart("breakout")
    window = None
    for m in run.all(WINDOW):            # breakout's window, before the swap
        window = window or tuple(int(v) for v in m.groups()[1:])
    x = {shot: paddle_x(cart, window_screen(image(run, shot), window))
         for shot in ("start", "right", "left")}
    # 0.8 pixels a frame while held; a loaded host runs fewer frames than 100 a second.
    assert x["start"] == 26 and x["right"] > x["start"] + 8 and x["left"] < x["right"] - 8, x
    # The ball left the paddle: the game reacted to the serve.
    run.expect(r"task A: breakout: arrows steer, Z serves, Enter pauses$")
    # Select ejected breakout and inserted the next cartridge.
    run.expect_order(r'cart: inserted "Breakout"$',
                     r'cart: ejected "Breakout", swap 1: kernel pool \d+ free pages, '
                     r'task pool \d+ free pages$',
                     r'cart: inserted "Planet viewer"$')
    shown = window_screen(image(run, "swapped"), windows(run)["A"])
    viewer = Cart("viewer")
    assert any(shown == viewer.colours(frame) for frame in viewer.frames)


def test_a_hundred_swaps_leave_every_page_free():
    # Each Tab once the last swap is logged: keys pressed faster than the
    # guest takes them overflow QEMU's keyboard queue.  No screen (-vga
    # none): the display then runs only when select asks for it, and the
    # thousand log lines are not drawn.  rom_art's tasks share its frames
    # through the ROM window: mapping them must leave no page behind either.
    def hundred_tabs(mon, folder):
        for swap in range(1, 101):
            mon.command("sendkey tab 10")
            when_logged(EJECTED.format(swap), 1, pause(0), settle=0)(mon, folder)

    run = boot("console-swaps", carts=["con_kill", "con_pad", "rom_art"], config="exit=never\n",
               timeout=180, stop_on=EJECTED.format(100), extra_args=NO_SCREEN,
               triggers=[(READY, hundred_tabs)])
    assert not run.timed_out, run.describe()
    ejects = run.all(EJECTED.format(r"(\d+)"))
    assert [int(m.group(1)) for m in ejects] == list(range(1, 101)), run.describe()
    # After every eject as many pages are free as before the first insertion.
    ready = [m.groups() for m in run.all(MEM)]
    assert {m.groups()[1:] for m in ejects} == {ready[-1]}, run.describe()
    assert len(run.all(r'cart: inserted "[^"]+"$')) >= 100
    run.expect_none(r"panic:")


def test_sdk_and_kernel_agree_on_the_console():
    sdk, mmu, pad = defines("cartridges/sdk/genesis.h"), defines("kernel/mm/memlayout.h"), \
        defines("kernel/console/pad.h")
    assert sdk["GENESIS_SCREEN_ADDR"] == mmu["USER_SCREEN_PAGE"]
    assert sdk["GENESIS_PAD_ADDR"] == mmu["USER_PAD_PAGE"]
    for button in ("UP", "DOWN", "LEFT", "RIGHT", "A", "B", "START", "SELECT"):
        assert sdk["GENESIS_BUTTON_" + button] == pad["PAD_" + button], button
    assert sdk["GENESIS_BUTTONS"] == pad["PAD_BUTTONS"]

"""The inspector (issue 15): F1 shows a text overlay over the task windows
with each task's state, registers, pages, CPU share, services and last
fault, and the kernel's clock, memory, frame rate, GDT and IDT; F1 again
hides it and the windows come back.

The overlay is read back from a screendump cell by cell: each 8 x 16 cell
must be exactly a glyph of the console font the kernel draws with (from the
same PSF file), in the overlay's two colours, so the test reads the text
itself, and holds it against the log of the same run.
"""

import os
import re

from genesis import KILLED, READY, Font, Image, boot, defines, screendump
from console import hold, pause, when_logged, window_screen

PAPER = (0x10, 0x18, 0x30)         # COLOR_PAPER, COLOR_INK in kernel/console/inspect.c
INK = (0xE8, 0xE8, 0xE8)
SHOWN = (r"inspect: shown over (?P<x>\d+),(?P<y>\d+) size (?P<w>\d+)x(?P<h>\d+), "
         r"(?P<rows>\d+) rows of (?P<columns>\d+) columns$")
TASK_LOG = (r"inspect: task (?P<task>[A-D]) cr3=(?P<cr3>0x[0-9a-f]{8}) code=(?P<code>\d+) "
            r"data=(?P<data>\d+) stack=(?P<stack>\d+) copy=(?P<copy>0x[0-9a-f]{8}) "
            r"open=(?P<open>none|dma|copy)$")
FONT = Font()


def glyphs(font=FONT):
    """Each printable ASCII character's glyph as a tuple of ink bits."""
    return {tuple(font.ink(chr(c), x, y) for y in range(font.height) for x in range(font.width)):
            chr(c) for c in range(0x20, 0x7F)}


def read_rows(image, x0, y0, rows, columns, font=FONT):
    """The overlay's text, a string a row; a cell that is no glyph in the
    overlay's colours reads as '\\0'."""
    table = glyphs(font)
    out = []
    for r in range(rows):
        text = ""
        for c in range(columns):
            bits = []
            for y in range(font.height):
                for x in range(font.width):
                    pixel = image.pixel(x0 + c * font.width + x, y0 + r * font.height + y)
                    bits.append(pixel == INK if pixel in (INK, PAPER) else None)
            text += table.get(tuple(bits), "\0")
        out.append(text.rstrip(" "))
    return out


def press(key):
    return hold(key, 30)


def steps(*actions):
    """A trigger action that does each action in turn."""
    def act(mon, folder):
        for action in actions:
            action(mon, folder)
    return act


def inspect_scenario():
    # Both killed tasks are dead before F1; B keeps drawing.  The run ends
    # itself (max_ticks) so the display's and the inspector's costs are logged.
    killed = rf"task [AC]: {KILLED}"
    # Then Tab to the filters, whose four tasks hold copy pages, and F1 again.
    act = when_logged(killed, 2, steps(
        press("f1"), when_logged(SHOWN, 1, pause(0), settle=1.8), screendump("inspect"),
        press("f1"), when_logged(r"inspect: hidden$", 1, pause(0), settle=0.5),
        screendump("hidden"), press("tab"),
        when_logged(r"reader: task D copy page at ", 1, pause(0), settle=0.3), press("f1"),
        when_logged(SHOWN, 2, pause(0), settle=0.5), screendump("filters")))
    return boot("inspect", carts=["con_kill", "filters"], config="exit=never\nmax_ticks=2500\n",
                timeout=150, triggers=[(READY, act)])


def image(run, name):
    return Image(os.path.join(run.folder, name + ".ppm"))


def task_lines(run, show):
    """The "inspect: task" lines that the show-th "inspect: shown" line (0 first) led."""
    starts = [i for i, line in enumerate(run.lines) if re.match(SHOWN, line)]
    found = {}
    for line in run.lines[starts[show] + 1:]:
        m = re.match(TASK_LOG, line)
        if not m:
            break
        found[m["task"]] = m
    return found


def test_the_inspector_shows_what_the_log_says():
    check(inspect_scenario())


def check(run):
    run.expect_exit(33)
    shown = run.expect(SHOWN)
    rows = read_rows(image(run, "inspect"), int(shown["x"]), int(shown["y"]),
                     int(shown["rows"]), int(shown["columns"]))
    text = "\n".join(rows)
    assert "\0" not in text, text
    assert rows[0].startswith(" Inspector: F1 hides it, F5 restarts the cartridge"), text

    # The clock as the boot measured it.
    clock = run.expect(r"clock: vector 32 from (?P<clock>.+?) at (?P<hz>\d+) Hz")
    reader = run.expect(r"clock: vector 40 \(the reader\) from (?P<reader>.+)$")
    m = re.match(r" clock   vector 32 from (.+?) at (\d+) Hz, vector 40 \(reader\) from (.+?) "
                 r"at (\d+) Hz$", rows[1])
    assert m and m.group(1) == clock["clock"] and m.group(2) == clock["hz"], rows[1]
    assert m.group(3) == reader["reader"], rows[1]

    # Free pages: the pools add up; frames a second near the clock's rate.
    m = re.match(r" memory  (\d+) pages free: kernel pool (\d+), task pool (\d+) +(\d+) frames a "
                 r"second$", rows[2])
    assert m and int(m.group(1)) == int(m.group(2)) + int(m.group(3)), rows[2]
    assert 50 <= int(m.group(4)) <= 101, rows[2]

    # The GDT as the kernel lays it out (arch/segment.h), the running
    # display's TSS busy; the IDT's exceptions, double-fault task gate and
    # ring-3 service gates, the SDK's first to its last.
    sdk = defines("cartridges/sdk/genesis.h")
    services = sorted(v for k, v in sdk.items() if k.startswith("GENESIS_SYS_"))
    assert rows[3].startswith(" GDT 1:code0 2:data0 3:code3 4:data3 5:tss "), rows[3]
    assert " 12:tss*" in rows[3] and rows[3].count("tss*") == 1, rows[3]
    assert rows[4].startswith(" IDT 0-7:int0 8:task 9-33:int0 36:int0 39-40:int0 47:int0 "
                              f"{services[0]}-{services[-1]}:int3 255:int0"), rows[4]

    table = {r.split()[0]: r for r in rows[7:13]}
    assert list(table) == ["A", "B", "C", "D", "idle", "display"], text
    assert table["A"].split()[1] == "killed" and table["C"].split()[1] == "killed", text
    assert table["D"].split()[1:] == ["-"], text

    # B: its CR3 and pages as logged when the overlay came up.
    logged = task_lines(run, 0)
    assert list(logged) == ["B"], run.describe()
    b = table["B"].split()
    assert b[1] in ("runnable", "waiting"), table["B"]
    # Where B is in its own code and stack, even while inside a service.
    assert 0x05000000 <= int(b[2], 16) < 0x05010000, table["B"]
    assert 0x05C00000 - 4 * 4096 <= int(b[3], 16) <= 0x05C00000, table["B"]
    assert b[4] == logged["B"]["cr3"], (table["B"], logged["B"].group(0))
    assert b[5:8] == [logged["B"]["code"], logged["B"]["data"], logged["B"]["stack"]], table["B"]
    assert b[8] == "-" and logged["B"]["copy"] == "0x00000000", table["B"]
    assert int(b[10]) > 0, table["B"]                     # wait_frame and print

    # The CPU shares of the last second add up to the whole.
    shares = [float(table[t].split()[-2 if t == "B" else -1].rstrip("%"))
              for t in ("B", "idle", "display")]
    assert 99.0 <= sum(shares) <= 100.5, text

    # The last faults: the kill lines' vector, eip and cr2.
    for row in rows[15:19]:
        letter = row.split()[0]
        kill = run.find(rf"task {letter}: killed .+? vector=(\d+) err=0x[0-9a-f]{{8}} "
                        rf"eip=(0x[0-9a-f]{{8}}) cr2=(0x[0-9a-f]{{8}})$")
        if kill:
            assert re.match(rf" {letter} +vector={kill.group(1)} eip={kill.group(2)} "
                            rf"cr2={kill.group(3)} at tick \d+$", row), row
        else:
            assert row.split()[1:] == ["none"], row

    # The filters: each task's copy page where the log says (A reads the
    # reader's buffer itself, DMA, holds none and shows "DMA"), and the
    # last faults of con_kill's A and C still shown in their slots.
    second = run.all(SHOWN)[1]
    faults = rows[15:19]
    rows = read_rows(image(run, "filters"), int(second["x"]), int(second["y"]),
                     int(second["rows"]), int(second["columns"]))
    logged = task_lines(run, 1)
    assert list(logged) == ["A", "B", "C", "D"], run.describe()
    for letter in "ABCD":
        fields = next(r for r in rows[7:11] if r.split()[0] == letter).split()
        copy = logged[letter]["copy"]
        assert fields[4] == logged[letter]["cr3"], fields
        assert fields[5:8] == [logged[letter][k] for k in ("code", "data", "stack")], fields
        assert logged[letter]["open"] == ("dma" if letter == "A" else "copy"), logged[letter]
        assert fields[8] == ("DMA" if letter == "A" else copy) and (copy == "0x00000000") == (letter == "A"), fields
    assert rows[15:19] == faults, rows

    # Hidden again: the windows are back, B's a scaled screen.
    hidden = image(run, "hidden")
    con_kill = next(m for m in run.all(r"display: window B at (\d+),(\d+) size (\d+) scale (\d+)$"))
    window_screen(hidden, tuple(int(v) for v in con_kill.groups()))
    x, y, w, h = (int(shown[k]) for k in "xywh")
    assert all(hidden.pixel(px, py) != PAPER for py in range(y, y + h, 7)
               for px in range(x, x + w, 7))

    # Shown twice, and refreshed while shown.  What drawing it costs is in
    # the same line (whole_tsc_max, refresh_tsc_max), for a person to read:
    # under TCG the TSC follows the host's clock, so a test cannot hold it
    # to a figure.
    cost = run.expect(r"inspect: shown=2 refreshes=(\d+) cells=(\d+) whole_tsc_max=(\d+) "
                      r"refresh_tsc_max=(\d+) ")
    assert int(cost.group(1)) >= 4, cost.group(0)

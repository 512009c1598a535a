"""What one task can do to the others (issue 14, docs/kernel.md's fault
isolation): take the kernel's pages, forge log lines, stall the machine with
prints.  Each scenario reproduces one way it was done, and checks that the
others go on."""

import os
import re
import unicodedata

from genesis import (GUEST_TIME, MEM, NO_SCREEN, READY, Crop, Font, Image, after, boot,
                     expect_clean_end, expect_no_leak, find_text, screendump)

REGIONS = 744          # 4 MiB regions from 0x06000000 to 0xBFC00000: where a copy page may go


def test_a_task_opening_the_reader_in_every_region_starves_no_other():
    # A and B each move their copy page through all 744 regions, each region
    # a page table of the kernel's pool; the kernel once kept every one, and
    # C, coming after them, got no page.
    run = boot("isolation-tables", carts=["starve_tables"], config="exit=idle\nfps=1024\n",
               extra_args=NO_SCREEN)
    expect_clean_end(run)
    for letter in "AB":
        run.expect(rf"task {letter}: opened a copy page in {REGIONS} regions, 0 refused$")
        run.expect(rf"task {letter}: exited status=0$")
    run.expect(r"task C: after A and B: set_data_limit\(1\) -> 1, copy open -> 0, "
               r"dma open -> 0$")
    run.expect(r"task C: exited status=0$")
    expect_no_leak(run)


# ---- forged log lines -----------------------------------------------------------------

# What tests/carts/forge_log's task prints (after "task A: " on the log),
# byte for byte: each malformed sequence, each control character, U+2028
# and U+2029 as one '?'; valid UTF-8 as it was.
FORGED = [
    b"?panic: forged by NEL",
    b"?panic: forged by LINE SEPARATOR",
    b"?panic: forged by PARAGRAPH SEPARATOR",
    b"?mem: kernel pool 1 free pages, task pool 1 free pages",
    b"?genesis: halt code=0",
    b"?2Jpanic: forged by CSI",
    b"?[2Kpanic: forged by ESC",
    b"?panic: forged by VT",
    b"?panic: forged by FF",
    b"?panic: forged by FS",
    b"?panic: forged by GS",
    b"?panic: forged by RS",
    b"?panic: forged by CR",
    b"?panic: forged by DEL",
    b"?panic: forged by a surrogate",
    b"?panic: forged past U+10FFFF",
    b"?????panic: forged by a 5-byte form",
    b"?panic: forged by a lone continuation byte",
    b"?panic: forged by a cut sequence",
    b"cut at the end ?",
    "Génesis ✓ 🎮 stays as it is".encode(),
    b"?panic: forged by overlong LF",
    b"?task B: forged by overlong CR",
    b"?panic: forged by 3-byte LF",
    b"?panic: forged by 4-byte LF",
]
# Lines a reader must not find at the start of a line, however it splits them.
FORGED_STARTS = ("panic: forged", "mem: kernel pool 1 free pages", "task B:")
SCREEN_GROUPS = {
    "first": ["task A: ?panic: forged by overlong LF", "task A: ?task B: forged by overlong CR"],
    "second": ["task A: ?panic: forged by 3-byte LF", "task A: ?panic: forged by 4-byte LF"],
}
LOG_ROWS = 4           # the log's rows under a cartridge's windows (console/compose.h)


def log_bytes(run):
    """The serial log's lines as bytes: split at b"\\n" only, CR dropped."""
    with open(os.path.join(run.folder, "serial.log"), "rb") as f:
        return [line.rstrip(b"\r") for line in f.read().split(b"\n")]


def test_no_task_text_forges_a_log_line_on_serial_or_screen():
    # The task pauses 1.5 s after each group; the display draws the log's
    # changed cells a few a frame meanwhile.
    triggers = [(rf"task A: {group} screen group printed$", after(1.0, screendump(group)))
                for group in SCREEN_GROUPS]
    run = boot("isolation-forged-lines", carts=["forge_log"], config="exit=idle\n",
               triggers=triggers)
    expect_clean_end(run)
    lines = log_bytes(run)
    printed = [line[len(b"task A: "):] for line in lines if line.startswith(b"task A: ")]
    for text in FORGED:
        assert text in printed, f"task A: {text!r} not logged\n{run.describe()}"
    # Each line of the task's is valid UTF-8 with no control character and
    # no line or paragraph separator.
    for text in printed:
        chars = text.decode("utf-8")
        bad = [c for c in chars if unicodedata.category(c) == "Cc" or c in "\u2028\u2029"]
        assert not bad, f"task A: {text!r} holds {bad}"
    # A reader splitting the Unicode way finds no forged line.
    unicode_lines = b"\n".join(lines).decode("utf-8", errors="replace").splitlines()
    for start in FORGED_STARTS:
        assert not [line for line in unicode_lines if line.startswith(start)], start
    assert len([line for line in unicode_lines if line.startswith("genesis: halt")]) == 1
    # On the screen: the lines whole, and no row of the log starting with
    # a forged one.
    font = Font()
    for group, texts in SCREEN_GROUPS.items():
        screen = Image(os.path.join(run.folder, group + ".ppm"))
        top, height = screen.height - LOG_ROWS * font.height, LOG_ROWS * font.height
        log = Crop(screen, 0, top, screen.width, height)
        for text in texts:
            assert find_text(log, text, font), f"{text!r} not on the screen ({screen.path})"
        for start in FORGED_STARTS:
            row_start = Crop(screen, 0, top, len(start) * font.width, height)
            assert not find_text(row_start, start, font), \
                f"a log row starts with {start!r} ({screen.path})"


# ---- prints that stop the machine ----------------------------------------------------

FLOOD = r"task {}: flood (\d{{8}}) [a-z ]+$"
PRINTED = r"task {}: flood: (\d+) lines printed$"
DROPPED = r"log: (\d+) lines? dropped$"


def expect_flood_logged(run, letter):
    """The printer's lines are all there, in order, unless the log said it
    dropped some; returns how many it printed."""
    printed = int(run.expect(PRINTED.format(letter)).group(1))
    numbers = [int(m.group(1)) for m in run.all(FLOOD.format(letter))]
    dropped = sum(int(m.group(1)) for m in run.all(DROPPED))
    assert numbers == sorted(set(numbers)), f"flood lines out of order\n{run.describe()}"
    assert len(numbers) + dropped >= printed, \
        f"{printed} printed, {len(numbers)} logged, {dropped} dropped\n{run.describe()}"
    return printed


def test_a_task_flooding_the_log_costs_the_reader_no_frame():
    # A prints lines of 255 bytes as fast as it can for 4 s; B, C and D take
    # every frame at 64 a second, the screen drawing the log meanwhile.
    run = boot("isolation-log-flood", carts=["log_flood"], config="exit=idle\nfps=64\n",
               extra_args=GUEST_TIME, timeout=300)
    expect_clean_end(run)
    expect_no_leak(run)
    for letter in "BCD":
        run.expect(rf"task {letter}: 240 frames, 0 missed$")
    assert expect_flood_logged(run, "A") > 1000, run.describe()


def pace(run):
    return int(run.expect(r"task A: pace: (\d+) units in 300 ticks \([0-9a-f]{8}\)$").group(1))


def test_a_task_flooding_the_log_leaves_a_heartbeat_its_pace():
    # The same heartbeat beside a task that spins, then beside one that
    # prints as fast as it can, for as long; the screen draws the log.
    quiet = boot("isolation-log-quiet", carts=["log_quiet"], config="exit=idle\n",
                 extra_args=GUEST_TIME, timeout=300)
    expect_clean_end(quiet)
    loud = boot("isolation-log-pace", carts=["log_pace"], config="exit=idle\n",
                extra_args=GUEST_TIME, timeout=300)
    expect_clean_end(loud)
    expect_no_leak(loud)
    expect_flood_logged(loud, "B")
    assert abs(pace(loud) - pace(quiet)) <= pace(quiet) / 10, \
        f"heartbeat {pace(loud)} units beside the printer, {pace(quiet)} beside a spinner\n" \
        + loud.describe()


def test_lines_the_wire_cannot_take_are_dropped_and_counted():
    # After kernel ready the kernel logs 1,000 lines at once, with interrupts
    # off: more than the ring holds.  Each line is on the wire, or counted
    # by the "dropped" line that comes before the next line on the wire.
    run = boot("isolation-log-dropped", config="exit=idle\nselftest=logflood\n",
               extra_args=NO_SCREEN)
    expect_clean_end(run)
    ready = next(i for i, line in enumerate(run.lines) if re.match(READY, line))
    flood = re.compile(r"genesis: selftest=logflood line (\d{4}) of 1000$")
    accounted, seen, notices = 0, 0, 0
    for line in run.lines[ready + 1:]:
        if m := flood.match(line):
            assert int(m.group(1)) == accounted, f"line {m.group(1)} after {accounted} " \
                f"accounted for\n{run.describe()}"
            accounted += 1
            seen += 1
        elif m := re.match(DROPPED, line):
            accounted += int(m.group(1))
            notices += 1
        else:
            assert re.match(MEM, line), f"{line!r} within the flood\n{run.describe()}"
            break
    assert accounted == 1000, run.describe()
    assert 0 < seen < 1000 and notices > 0, run.describe()
    run.expect_order(MEM, r"genesis: halt code=0$")

"""The harness itself (tests/boot/genesis.py): how it cuts the serial log
into lines, which every boot scenario's assertions rest on."""

import pytest

from genesis import Run, log_lines, read_log

# Characters str.splitlines() ends a line at, besides "\n" and "\r".  The
# kernel turns a task's bytes below 0x20 into '?', so the C0 ones reach the
# log only from the kernel; U+0085, U+2028 and U+2029 are UTF-8 bytes of
# 0x80 and above, which a task's print passes through.
OTHER_LINE_ENDS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("end", OTHER_LINE_ENDS, ids=lambda c: f"U+{ord(c):04X}")
def test_only_a_newline_ends_a_line(end):
    text = f"task A: hello{end}panic: forged\r\ngenesis: halt code=0\r\n"
    assert log_lines(text) == [f"task A: hello{end}panic: forged", "genesis: halt code=0"]


def test_a_forged_line_stays_inside_the_tasks_line():
    log = "genesis: kernel ready\r\ntask A: \u2028panic: forged\r\ngenesis: halt code=0\r\n"
    run = Run("forged", "/nonexistent", 33, False, log, 0.0, [])
    assert run.lines == ["genesis: kernel ready", "task A: \u2028panic: forged",
                         "genesis: halt code=0"]
    run.expect_none(r"panic:")
    run.expect(r"task A: \u2028panic: forged$")


def test_only_the_carriage_return_before_the_newline_goes():
    assert log_lines("a\r\nb\rc\n\r\nlast") == ["a", "b\rc", "", "last"]
    # OVMF's console ends a line with CR CR LF.
    assert log_lines("bare: hello\r\r\nnext\r\n") == ["bare: hello", "next"]
    assert log_lines("") == []


def test_the_firmwares_terminal_escapes_are_dropped(tmp_path):
    path = tmp_path / "serial.log"
    path.write_bytes(b"\x1b[2J\x1b[01;01H\x1b[=3hBdsDxe: starting\r\nefi: G\xc3\xa9nesis\r\n")
    assert log_lines(read_log(path)) == ["BdsDxe: starting", "efi: G\u00e9nesis"]
    assert read_log(tmp_path / "missing.log") == ""

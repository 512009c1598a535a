"""Reading and acting on a running console: its windows in a screendump,
keys through QEMU's monitor and QMP, and trigger actions that wait for log
lines.  Boot scenarios and benches share these (tests/boot/genesis.py boots
them)."""
import json
import os
import re
import time

from genesis import RUNS, Crop, Font, Image, connect_unix, find_text, log_lines, read_log

WINDOW = r"display: window ([A-D]) at (\d+),(\d+) size (\d+) scale (\d+)$"
# The viewer sample's one line, printed as it starts.
VIEWER_SHOWING = r"task A: viewer: showing the reader's frames$"
SCREEN = 64
FONT = Font()

# A USB keyboard (QEMU's usb-kbd) bound to the pad, asked every millisecond
# although its endpoint asks for 8 (xhci_input_interval), and a PC with
# only USB.
BOUND = (r"usb: port (?P<port>[\d.]+) slot (?P<slot>\d+) (?P<speed>[a-z-]+) 0627:0001 "
         r"class 03 \(HID boot keyboard\), bound to the pad, asked every 1000 us$")
USB_ONLY = "q35,i8042=off"


# ---- reading screens ---------------------------------------------------------------

def windows(run):
    """Each window of the cartridge inserted last: letter -> (x, y, size, scale)."""
    found = {}
    for m in run.all(WINDOW):
        if m.group(1) in found:          # a later layout (after a swap) starts over
            found = {}
        found[m.group(1)] = tuple(int(v) for v in m.groups()[1:])
    return found


def window_screen(image, window):
    """The 64 x 64 colours a window shows, row by row; each scale x scale
    block must be one colour, or the window is not a scaled screen."""
    x0, y0, size, scale = window
    assert size == SCREEN * scale, window
    colours = []
    for y in range(SCREEN):
        for x in range(SCREEN):
            block = {image.pixel(x0 + x * scale + i, y0 + y * scale + j)
                     for j in range(scale) for i in range(scale)}
            assert len(block) == 1, f"pixel ({x}, {y}) of the window at {window} is not " \
                                    f"one colour: {block} ({image.path})"
            colours.append(block.pop())
    return colours


def text_in(image, text, x, y, w, h):
    return find_text(Crop(image, x, y, w, h), text, FONT)


def label_area(window):
    """The text row above a window."""
    x, y, size, _ = window
    return x, y - FONT.height, size, FONT.height


def image(run, name):
    return Image(os.path.join(run.folder, name + ".ppm"))


# ---- waiting for the log ------------------------------------------------------------

def logged(folder, pattern):
    """How many lines of the run's log match pattern (from the line's start,
    as Run.find does)."""
    regex = re.compile(pattern)
    return sum(1 for line in log_lines(read_log(os.path.join(folder, "serial.log")))
               if regex.match(line))


def wait_for(folder, pattern, count=1, timeout=30):
    deadline = time.monotonic() + timeout
    while logged(folder, pattern) < count:
        assert time.monotonic() < deadline, f"fewer than {count} lines match {pattern!r}"
        time.sleep(0.02)


def when_logged(pattern, count, action, settle=0.3, timeout=30):
    """A trigger action: wait until count log lines match pattern, give the
    display `settle` seconds to compose a few frames, then act."""
    def act(mon, folder):
        wait_for(folder, pattern, count, timeout)
        time.sleep(settle)
        action(mon, folder)
    return act


def when_all(patterns, *actions, settle=0.2):
    """A trigger action: once every pattern has a line (in any order), wait
    settle seconds and do each action in turn."""
    def act(mon, folder):
        for pattern in patterns:
            wait_for(folder, pattern)
        time.sleep(settle)
        for action in actions:
            action(mon, folder)
    return act


# ---- keys ---------------------------------------------------------------------------

def hold(key, ms):
    """Presses a key for ms milliseconds (QEMU's sendkey).  QEMU's input
    queue also waits that long after the release before the next key, so
    this returns once the queue is free again."""
    def act(mon, folder):
        mon.command(f"sendkey {key} {ms}")
        time.sleep(2 * ms / 1000 + 0.1)
    return act


def pause(seconds):
    return lambda mon, folder: time.sleep(seconds)


class Qmp:
    """Just enough QMP for input-send-event (the human monitor has no
    command that sends keys to one display's keyboard)."""

    def __init__(self, path, timeout=30):
        self.sock = connect_unix(path, time.monotonic() + timeout)
        self.file = self.sock.makefile("rb")
        json.loads(self.file.readline())          # the greeting
        self.execute("qmp_capabilities")

    def execute(self, command, **arguments):
        self.sock.sendall(json.dumps({"execute": command, "arguments": arguments}).encode())
        while True:
            reply = json.loads(self.file.readline())
            if "return" in reply:
                return reply["return"]
            assert "error" not in reply, reply

    def key(self, device, qcode, down):
        self.execute("input-send-event", device=device,
                     events=[{"type": "key", "data": {"down": down,
                                                      "key": {"type": "qcode", "data": qcode}}}])


def qmp_path(name):
    return os.path.join(RUNS, name, "qmp.sock")

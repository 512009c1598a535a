"""The test harness: what every test shares, in one module.

Boot scenarios: a scenario is one call to boot(), which lays out an ESP,
boots it in QEMU + OVMF under TCG and returns a Run with the QEMU exit code
and the kernel's COM1 log.  Triggers let a scenario act while the guest
runs: when a log line matches a pattern, take a screendump or press keys
through the QEMU monitor.  Every run gets its own folder under
build/tests/boot/<name>/ and its own copy of the OVMF variables, so runs can
go in parallel.

Besides: the repository's paths, the log lines every scenario expects, the
screen as a test reads it, the cartridge header and the C headers' numbers.
"""

import gzip
import os
import re
import shutil
import socket
import struct
import subprocess
import time
from collections import namedtuple
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD = ROOT / "build"
ESP = ROOT / "esp"
IMAGE = BUILD / "genesis.img"
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
FONT = "/usr/share/consolefonts/Lat15-Terminus16.psf.gz"
# Where each run keeps its files; set GENESIS_RUNS to keep two test sessions
# on one machine out of each other's way.
RUNS = os.environ.get("GENESIS_RUNS", os.path.join(BUILD, "tests", "boot"))

EXIT_NORMAL = 33       # kernel wrote 0x10 to isa-debug-exit
EXIT_PANIC = 35        # kernel wrote 0x11

# QEMU options for scenarios that need them.  No screen: hundreds of log
# lines drawn on one would cost seconds.  Guest time counted in instructions
# (8 ns each), the RTC on that clock too: a host busy with other work slows
# the guest's clocks with it, so it cannot shorten a time slice below what
# the guest's work in it takes.
NO_SCREEN = ["-vga", "none"]
GUEST_TIME = ["-icount", "shift=3", "-rtc", "clock=vm"]


# ---- the log ---------------------------------------------------------------------

# ECMA-48 control sequences: CSI, parameter bytes 0x30-0x3F (OVMF sends
# "\x1b[=3h"), intermediates, a final byte; charset and keypad selections.
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78c])")


def read_log(path):
    """The serial log without the firmware's terminal escapes."""
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return ANSI.sub("", text)


def log_lines(text):
    """The log's lines.  Only "\\n" ends a line (the "\\r"s before it, one
    from the UART's CR LF and one more from some firmware consoles, are
    dropped).  str.splitlines() would also split at \\x0b, \\x1c,
    U+0085, U+2028 and others; the kernel turns a task's control bytes into
    '?' but passes UTF-8 on, so a task printing U+2028 could forge a line."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


class Run:
    """What a boot left behind: exit code and log (screendumps are in its folder)."""

    def __init__(self, name, folder, exit_code, timed_out, log, seconds, line_times):
        self.name = name
        self.line_times = line_times
        self.folder = folder
        self.exit_code = exit_code
        self.timed_out = timed_out
        self.log = log
        self.lines = log_lines(log)
        self.seconds = seconds

    def tail(self, n=40):
        return "\n".join(self.lines[-n:])

    def describe(self):
        state = "timed out" if self.timed_out else f"exit {self.exit_code}"
        return f"[{self.name}: {state} after {self.seconds:.1f}s, log {self.folder}/serial.log]\n{self.tail()}"

    def expect_exit(self, code):
        assert not self.timed_out and self.exit_code == code, \
            f"expected QEMU exit {code}\n{self.describe()}"

    def find(self, pattern):
        """The first log line matching the regex (anchored at line start), or None."""
        regex = re.compile(pattern)
        return next((m for m in map(regex.match, self.lines) if m), None)

    def seconds_to(self, pattern):
        """Seconds from starting QEMU until the first line matching pattern was seen."""
        regex = re.compile(pattern)
        for line, seconds in zip(self.lines, self.line_times):
            if regex.match(line):
                return seconds
        raise AssertionError(f"no log line matches {pattern!r}\n{self.describe()}")

    def all(self, pattern):
        regex = re.compile(pattern)
        return [m for m in map(regex.match, self.lines) if m]

    def expect(self, pattern):
        m = self.find(pattern)
        assert m, f"no log line matches {pattern!r}\n{self.describe()}"
        return m

    def expect_none(self, pattern):
        m = self.find(pattern)
        assert not m, f"unexpected log line {m.group(0)!r}\n{self.describe()}"

    def expect_order(self, *patterns):
        """The patterns match lines in this order."""
        index = 0
        for pattern in patterns:
            regex = re.compile(pattern)
            while index < len(self.lines) and not regex.match(self.lines[index]):
                index += 1
            assert index < len(self.lines), f"{pattern!r} missing or out of order\n{self.describe()}"
            index += 1


# ---- lines every scenario looks for -----------------------------------------------
# A task's print comes out as "task X: <its text>", so a pattern for a line
# that starts so names the kernel's whole line, up to its end.

READY = r"genesis: kernel ready$"
MEM = r"mem: kernel pool (\d+) free pages, task pool (\d+) free pages$"
# How a task ends (kernel/task/syscall.c, kernel/arch/trap.c), after "task X: ".
EXITED = r"exited status=-?\d+$"
KILLED = r"killed (?P<reason>.+?) vector=\d+ err=0x[0-9a-f]{8} eip=0x[0-9a-f]{8} cr2=0x[0-9a-f]{8}$"


def round_robin(first, counts):
    """The task letters of the count lines if the clock switches round-robin,
    starting with task `first`, each printing once per slice until it has
    printed counts[letter] lines (a task done printing keeps its slices)."""
    left = dict(counts)
    order = "ABCD"
    i = order.index(first)
    out = []
    while any(left.values()):
        letter = order[i % 4]
        if left[letter]:
            out.append(letter)
            left[letter] -= 1
        i += 1
    return out


def expect_clean_end(run):
    """The kernel came up, and ended the run itself without a panic."""
    run.expect_exit(EXIT_NORMAL)
    run.expect(READY)
    run.expect(r"genesis: halt code=0$")
    run.expect_none(r"panic:")


def expect_no_leak(run):
    """The free pages at halt equal those logged just before the first insertion."""
    ready = next(i for i, line in enumerate(run.lines) if re.match(READY, line))
    before = [m.groups() for m in map(re.compile(MEM).match, run.lines[:ready]) if m][-1]
    after = [m.groups() for m in map(re.compile(MEM).match, run.lines[ready:]) if m]
    assert len(after) == 1, f"expected one free-page line after kernel ready\n{run.describe()}"
    assert after[0] == before, f"pages leaked: {before} before, {after[0]} at halt\n{run.describe()}"


# ---- booting ---------------------------------------------------------------------

def boot(name, carts=(), config="exit=idle\n", media="dir", machine="q35", memory="256M",
         timeout=120, triggers=(), extra_args=(), stop_on=None, kernel=True,
         poll=0.05, esp=None, image=IMAGE, ovmf_code=OVMF_CODE, ovmf_vars=OVMF_VARS):
    """Boot a scenario and return its Run.

    carts:    cartridge names (see cart_path) or (file name, bytes) pairs.
    config:   BOOT.CFG text, or None for no BOOT.CFG at all.
    media:    "dir" (the folder as a FAT drive), "disk" (build/genesis.img as a
              virtio disk) or "usb" (build/genesis.img as a USB stick on xHCI);
              the image media boot `image`, so carts/config are unused.
    triggers: (regex, action) pairs; action(monitor, run_folder) runs once, when a
              log line first matches the regex.
    stop_on:  a regex; when a log line matches, QEMU is stopped (exit code None).
    kernel:   False leaves the kernel off the ESP (the loader's error path).
    poll:     seconds between looks at the log (the resolution of Run.seconds_to).
    esp:      a ready ESP folder to boot instead of laying one out.
    image:    the disk image the image media boot (a copy of it, per run).
    ovmf_code, ovmf_vars: the firmware and the variable store it starts
              from (copied per run), e.g. a Secure Boot build and its keys.
    """
    folder = run_folder(name, ovmf_vars)
    if media == "dir" and esp is None:
        esp = layout_esp(folder, carts, config, kernel)
    command = qemu_command(folder, machine, memory, drive_args(folder, media, esp, image),
                           extra_args, ovmf_code)
    outcome = run_qemu(command, folder, timeout, triggers, stop_on, poll)
    return collect(name, folder, outcome)


def run_folder(name, ovmf_vars=OVMF_VARS):
    """A fresh folder for the run, with its own copy of the firmware's variables."""
    folder = os.path.join(RUNS, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    shutil.copy(ovmf_vars, os.path.join(folder, "OVMF_VARS.fd"))
    return folder


def layout_esp(folder, carts, config, kernel=True):
    """An ESP folder: the built loader and kernel, the given cartridges and BOOT.CFG."""
    esp = os.path.join(folder, "esp")
    shutil.rmtree(esp, ignore_errors=True)
    shutil.copytree(os.path.join(ESP, "EFI"), os.path.join(esp, "EFI"))
    os.makedirs(os.path.join(esp, "GENESIS"))
    if kernel:
        shutil.copy(os.path.join(ESP, "GENESIS", "KERNEL.ELF"), os.path.join(esp, "GENESIS"))
    if config is not None:
        with open(os.path.join(esp, "GENESIS", "BOOT.CFG"), "w", newline="") as f:
            f.write(config)
    os.makedirs(os.path.join(esp, "CARTS"))
    for item in carts:
        # A cartridge is a built cartridge's name, or (file name, bytes) for hand-made ones.
        if isinstance(item, tuple):
            filename, data = item
            with open(os.path.join(esp, "CARTS", filename), "wb") as f:
                f.write(data)
        else:
            shutil.copy(cart_path(item), os.path.join(esp, "CARTS", item + ".cart"))
    return esp


def drive_args(folder, media, esp, image=IMAGE):
    """QEMU's options for the boot drive: the ESP folder, or a copy of an image."""
    if media == "dir":
        return ["-drive", f"file=fat:rw:{esp},format=raw"]
    copy = os.path.join(folder, "genesis.img")
    shutil.copy(image, copy)
    if media == "disk":
        return ["-drive", f"file={copy},format=raw,if=virtio"]
    if media == "usb":
        return ["-device", "qemu-xhci", "-drive", f"if=none,id=stick,format=raw,file={copy}",
                "-device", "usb-storage,drive=stick"]
    raise ValueError(media)


def qemu_command(folder, machine, memory, drive, extra_args, ovmf_code=OVMF_CODE):
    """The QEMU command line, also written to <run folder>/command to rerun by hand."""
    command = ["qemu-system-x86_64", "-machine", machine, "-m", memory, "-accel", "tcg",
               "-nic", "none", "-no-reboot", "-display", "none",
               "-drive", f"if=pflash,format=raw,readonly=on,file={ovmf_code}",
               "-drive", f"if=pflash,format=raw,file={os.path.join(folder, 'OVMF_VARS.fd')}",
               *drive,
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-serial", f"file:{os.path.join(folder, 'serial.log')}",
               "-monitor", f"unix:{os.path.join(folder, 'monitor.sock')},server,nowait",
               "-d", "cpu_reset,guest_errors", "-D", os.path.join(folder, "qemu.log"),
               *extra_args]
    with open(os.path.join(folder, "command"), "w") as f:
        f.write(" ".join(command) + "\n")
    return command


# exit_code is None when the run timed out or was stopped; line_times holds,
# for each complete log line, the seconds from the start until it was seen.
Outcome = namedtuple("Outcome", "exit_code timed_out seconds line_times")


def run_qemu(command, folder, timeout, triggers, stop_on, poll):
    """Runs QEMU until it exits, stop_on matches a line, or timeout seconds
    pass; QEMU never outlives this call."""
    start = time.monotonic()
    deadline = start + timeout
    with open(os.path.join(folder, "qemu.stderr"), "w") as stderr:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=stderr)
    mon = None
    try:
        if triggers or stop_on:
            mon = Monitor(os.path.join(folder, "monitor.sock"), deadline)
        timed_out, stopped, line_times = watch_log(proc, folder, mon, start, deadline,
                                                   triggers, stop_on, poll)
    finally:
        if mon:
            mon.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    exit_code = None if (timed_out or stopped) else proc.returncode
    return Outcome(exit_code, timed_out, time.monotonic() - start, line_times)


def watch_log(proc, folder, mon, start, deadline, triggers, stop_on, poll):
    """Reads the log as QEMU writes it, line by complete line, running each
    trigger on the first line it matches.  Returns (timed out, stopped by
    stop_on, the time each line was seen)."""
    serial = os.path.join(folder, "serial.log")
    pending = list(triggers)
    stop_regex = re.compile(stop_on) if stop_on else None
    stopped = False
    line_times = []
    while True:
        exited = proc.poll() is not None
        text = read_log(serial)
        now = time.monotonic() - start
        for line in log_lines(text[:text.rfind("\n") + 1])[len(line_times):]:
            line_times.append(now)
            for trigger in list(pending):
                if re.match(trigger[0], line):
                    pending.remove(trigger)
                    trigger[1](mon, folder)
            if stop_regex and stop_regex.match(line):
                stopped = True
        if exited or stopped:
            return False, stopped, line_times
        if time.monotonic() > deadline:
            return True, False, line_times
        time.sleep(poll)


def collect(name, folder, outcome):
    """The Run of a finished boot: the log as QEMU left it (the triggers'
    screendumps are files in the run's folder)."""
    return Run(name, folder, outcome.exit_code, outcome.timed_out,
               read_log(os.path.join(folder, "serial.log")), outcome.seconds, outcome.line_times)


def connect_unix(path, deadline):
    """A stream socket connected to the UNIX socket at path, which QEMU may
    not have made yet: tried again until time.monotonic() passes deadline."""
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(path)
            sock.settimeout(10)
            return sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            assert time.monotonic() < deadline, f"no socket at {path}"
            time.sleep(0.05)


class Monitor:
    """The QEMU human monitor over a UNIX socket."""

    def __init__(self, path, deadline):
        self.sock = connect_unix(path, deadline)
        self._read_prompt()

    def _read_prompt(self):
        data = b""
        while not data.endswith(b"(qemu) "):
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("QEMU monitor closed")
            data += chunk
        return data

    def command(self, line):
        self.sock.sendall(line.encode() + b"\n")
        return ANSI.sub("", self._read_prompt().decode(errors="replace"))

    def close(self):
        self.sock.close()


STEADY_TRIES = 50                        # screendumps a steady one may take


def screendump(name, steady=False):
    """A trigger action: save the screen as <run folder>/<name>.ppm.
    steady: dump again until two dumps in a row are the same, so that the
    picture is not one caught while the guest was drawing (a kernel that
    redraws everything every frame paints a panel's paper, then its text)."""
    def action(mon, folder):
        path = os.path.join(folder, name + ".ppm")
        mon.command(f"screendump {path}")
        if not steady:
            return
        with open(path, "rb") as f:
            last = f.read()
        for _ in range(STEADY_TRIES):
            mon.command(f"screendump {path}")
            with open(path, "rb") as f:
                now = f.read()
            if now == last:
                return
            last = now
        raise AssertionError(f"{name}: the screen never held still for two screendumps")
    return action


def after(seconds, *actions):
    """A trigger action: wait, then do each action in turn.  The screen shows
    a log line some frames after the wire has it: the display draws the
    log's text a bounded piece at a time."""
    def act(mon, folder):
        time.sleep(seconds)
        for action in actions:
            action(mon, folder)
    return act


# ---- the screen -------------------------------------------------------------------

class Image:
    """A screendump: width, height and RGB bytes, row by row."""

    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        fields = []
        pos = 0
        while len(fields) < 4:
            while data[pos:pos + 1].isspace():
                pos += 1
            if data[pos:pos + 1] == b"#":
                pos = data.index(b"\n", pos)
                continue
            end = pos
            while not data[end:end + 1].isspace():
                end += 1
            fields.append(data[pos:end])
            pos = end
        magic, width, height, maxval = fields
        if magic != b"P6" or maxval != b"255":
            raise ValueError(f"{path}: not an 8-bit P6 PPM")
        self.width, self.height = int(width), int(height)
        self.pixels = data[pos + 1:pos + 1 + self.width * self.height * 3]
        self.path = path

    def pixel(self, x, y):
        i = (y * self.width + x) * 3
        return tuple(self.pixels[i:i + 3])


class Crop:
    """A rectangle of a screendump, shaped like an Image for find_text."""

    def __init__(self, image, x, y, w, h):
        self.width, self.height, self.path = w, h, image.path
        self.pixels = b"".join(image.pixels[((y + j) * image.width + x) * 3:
                                            ((y + j) * image.width + x + w) * 3] for j in range(h))


class Font:
    """The PSF console font the kernel draws with, to know what text looks like."""

    def __init__(self, path=FONT):
        data = gzip.open(path).read()
        if data[:2] == b"\x36\x04":                      # PSF1
            self.height = data[3]
            self.width = 8
            self.bytes_per_row = 1
            self.glyphs = data[4:]
        elif data[:4] == b"\x72\xb5\x4a\x86":            # PSF2
            header_size = int.from_bytes(data[8:12], "little")
            self.height = int.from_bytes(data[24:28], "little")
            self.width = int.from_bytes(data[28:32], "little")
            self.bytes_per_row = (self.width + 7) // 8
            self.glyphs = data[header_size:]
        else:
            raise ValueError(f"{path}: not a PSF font")
        self.glyph_size = self.height * self.bytes_per_row

    def ink(self, char, x, y):
        """Whether pixel (x, y) of the glyph for char is set."""
        base = ord(char) * self.glyph_size + y * self.bytes_per_row
        return bool(self.glyphs[base + x // 8] & (0x80 >> (x % 8)))


def find_text(image, text, font=None):
    """Where `text` is drawn in the image (one colour on another), or None.

    A cell grid is assumed (each character at x0 + i * font.width), as a text
    console draws; the search tries every origin and compares the glyph masks.
    """
    font = font or Font()
    w, h = image.width, image.height
    px = image.pixels
    first = next(i for i, c in enumerate(text) if c != " ")
    for y0 in range(h - font.height + 1):
        for x0 in range(w - font.width * len(text) + 1):
            gx = x0 + first * font.width
            # The ink colour is taken from the first set pixel of the first glyph.
            ink = None
            for gy in range(font.height):
                for gxx in range(font.width):
                    if font.ink(text[first], gxx, gy):
                        ink = px[((y0 + gy) * w + gx + gxx) * 3:((y0 + gy) * w + gx + gxx) * 3 + 3]
                        break
                if ink is not None:
                    break
            if ink is None:
                continue
            if _matches(px, w, x0, y0, text, font, ink):
                return (x0, y0)
    return None


def _matches(px, w, x0, y0, text, font, ink):
    for i, char in enumerate(text):
        for gy in range(font.height):
            row = (y0 + gy) * w
            for gx in range(font.width):
                x = x0 + i * font.width + gx
                on = px[(row + x) * 3:(row + x) * 3 + 3] == ink
                if on != font.ink(char, gx, gy):
                    return False
    return True


# ---- cartridges and headers -------------------------------------------------------

def cart_path(name):
    """A cartridge built by make: a sample (build/carts) or a test one (build/testcarts)."""
    for folder in ("carts", "testcarts"):
        path = os.path.join(BUILD, folder, name + ".cart")
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"cartridge {name!r} not built (run make test)")


# The header by kernel/abi/cart.h's layout, read here with struct, apart from
# the C parser that mkcart and the kernel share.
HEADER = struct.Struct("<8s6I32s2I")
TASK = struct.Struct("<B3x7I")
TAIL = struct.Struct("<4I")
MAX_TASKS = 4          # CART_MAX_TASKS: the header always has room for four
FRAME_SIZE = 4096      # CART_FRAME_SIZE: 64 x 64, a byte per pixel


def read_header(data):
    """The header fields of a cartridge file's bytes, by name."""
    (magic, version, header_size, header_crc, payload_crc, file_size, flags,
     title, fps, task_count) = HEADER.unpack_from(data, 0)
    tasks = [TASK.unpack_from(data, HEADER.size + i * TASK.size) for i in range(task_count)]
    frames, frames_offset, palette, palette_offset = TAIL.unpack_from(
        data, HEADER.size + MAX_TASKS * TASK.size)
    return {
        "magic": magic, "version": version, "header_size": header_size,
        "header_crc": header_crc, "payload_crc": payload_crc, "file_size": file_size,
        "flags": flags, "title": title.rstrip(b"\0").decode(), "fps": fps,
        "tasks": [dict(zip(("letter", "file_offset", "file_size", "vaddr", "mem_size",
                            "ro_size", "entry", "reserved"), t)) for t in tasks],
        "frames": frames, "frames_offset": frames_offset,
        "palette": palette, "palette_offset": palette_offset,
    }


class Cart:
    """The header, palette and frames of a built cartridge."""

    def __init__(self, name):
        with open(cart_path(name), "rb") as f:
            data = f.read()
        self.header = h = read_header(data)
        # Indices the palette leaves out show as grey (genesis.h).
        self.palette = [tuple(data[h["palette_offset"] + 3 * i:h["palette_offset"] + 3 * i + 3])
                        if i < h["palette"] else (i, i, i) for i in range(256)]
        start = h["frames_offset"]
        self.frames = [data[start + FRAME_SIZE * k:start + FRAME_SIZE * (k + 1)]
                       for k in range(h["frames"])]

    def colours(self, indices):
        return [self.palette[i] for i in indices]


def defines(path):
    """The numeric #defines of a C header (path from the repository's top):
    name -> value, for lines `#define NAME 123` or `#define NAME 0x7Bu`."""
    with open(os.path.join(ROOT, path)) as f:
        return {m.group(1): int(m.group(2), 0) for m in
                re.finditer(r"^#define[ \t]+(\w+)[ \t]+(0x[0-9A-Fa-f]+|\d+)u?\b", f.read(), re.M)}


def symbols(path):
    """An ELF file's symbols: name -> address, as nm lists them."""
    out = subprocess.run(["nm", path], capture_output=True, text=True, check=True).stdout
    return {f[2]: int(f[0], 16) for f in map(str.split, out.split("\n")) if len(f) == 3}

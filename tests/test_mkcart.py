"""mkcart from the outside: build / inspect / verify round trips, byte-for-byte
reproducibility, exit codes, atomic output, and real game art from Debian
checked pixel by pixel against a PNG decoder written here (stdlib only), so
mkcart's libpng path is compared with an independent reading of the file."""
import fcntl
import json
import os
import resource
import signal
import struct
import subprocess
import sys
import warnings
import zlib
from pathlib import Path

import pytest

from genesis import BUILD, ROOT, read_header

MKCART = BUILD / "mkcart"
sys.path.insert(0, str(ROOT / "cartridges" / "sdk"))
from pngwrite import write_png  # noqa: E402

HELLO_ELF = BUILD / "obj/cartridges/cartridges/hello/A.elf"
PAGE = 4096


def mkcart(*args, expect=0):
    r = subprocess.run([str(MKCART), *map(str, args)], capture_output=True, text=True)
    assert r.returncode == expect, f"mkcart {args}: exit {r.returncode}\n{r.stdout}{r.stderr}"
    return r


# ---- an independent reading of PNGs (the harness reads the cartridge header) ----------

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def decode_png(path):
    """(width, height, palette or None, pixels): pixels is a list of rows of
    palette indices (indexed PNGs) or of (r, g, b) with 16-bit channels cut to
    their high byte and alpha dropped, which is what mkcart promises to keep.
    None for an interlaced PNG, which this small decoder does not read."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, plte = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            plte = [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if interlace:
        return None
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    bits = channels * depth
    stride, bpp = (width * bits + 7) // 8, max(1, bits // 8)
    raw, rows, prev = zlib.decompress(idat), [], bytearray(stride)
    for y in range(height):
        filt, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (0, a, b, (a + b) // 2, paeth(a, b, c))[filt]) & 0xFF
        prev = line
        if depth < 8:
            samples = [(line[x * depth // 8] >> (8 - depth - x * depth % 8)) & ((1 << depth) - 1)
                       for x in range(width)]
        else:
            step = depth // 8
            samples = [line[i] for i in range(0, width * channels * step, step)]
        if ctype == 3:
            rows.append(samples)
            continue
        if ctype in (0, 4):                   # grey: scale low depths to 8 bits
            scale = 255 // ((1 << depth) - 1) if depth < 8 else 1
            grey = samples[::channels]
            rows.append([(g * scale,) * 3 for g in grey])
        else:
            rows.append([tuple(samples[x * channels:x * channels + 3]) for x in range(width)])
    return width, height, plte, rows


def expected_sheet(png):
    """What mkcart should store for a decoded PNG: (palette, frames) or, for
    too many colours, (colour count, None)."""
    width, height, plte, rows = png
    if plte is None:                          # number colours by first appearance
        order = {}
        for row in rows:
            for c in row:
                order.setdefault(c, len(order))
        if len(order) > 256:
            return len(order), None
        plte = list(order)
        rows = [[order[c] for c in row] for row in rows]
    cols, nrows = (width + 63) // 64, (height + 63) // 64
    frames = bytearray(cols * nrows * PAGE)
    for y, row in enumerate(rows):
        for x, index in enumerate(row):
            f = (y // 64) * cols + x // 64
            frames[f * PAGE + (y % 64) * 64 + x % 64] = index
    return plte, bytes(frames)


def check_cart_matches_png(cart, png_path):
    data = Path(cart).read_bytes()
    h = read_header(data)
    png = decode_png(png_path)
    if png is None:
        return
    palette, frames = expected_sheet(png)
    stored = data[h["palette_offset"]:h["palette_offset"] + 3 * h["palette"]]
    assert stored == b"".join(bytes(c) for c in palette)
    assert h["frames"] * PAGE == len(frames)
    assert data[h["frames_offset"]:h["frames_offset"] + len(frames)] == frames


# ---- round trip -----------------------------------------------------------------

@pytest.fixture
def sheet(tmp_path):
    """A 150 x 70 indexed sheet: 3 x 2 frames, the edge ones padded."""
    width, height = 150, 70
    pixels = bytes((x // 8 + y // 8 * 3) % 7 + 1 for y in range(height) for x in range(width))
    palette = [(i * 30, 255 - i * 30, i * 7) for i in range(8)]
    path = tmp_path / "sheet.png"
    write_png(path, width, height, pixels, palette=palette)
    return path


@pytest.fixture
def flat(tmp_path):
    path = tmp_path / "flat.bin"
    path.write_bytes(b"\xb8\x2a\x00\x00\x00\xcd\x5d")  # mov eax, 42; int 93
    return path


def test_round_trip(tmp_path, sheet, flat):
    out = tmp_path / "game.cart"
    mkcart("build", "-o", out, "--title", 'A "quoted" \\ title', "--task", f"D={flat}",
           "--task", f"A={HELLO_ELF}", "--frames", sheet, "--fps", 16)
    data = out.read_bytes()
    h = read_header(data)

    assert h["magic"] == b"\x89GEN\r\n\x1a\n" and h["version"] == 1 and h["header_size"] == 256
    assert len(data) == h["file_size"] and len(data) % PAGE == 0
    assert zlib.crc32(data[PAGE:]) == h["payload_crc"]
    assert zlib.crc32(data[:16] + b"\0" * 4 + data[20:PAGE]) == h["header_crc"]
    assert [t["letter"] for t in h["tasks"]] == [ord("A"), ord("D")]
    d = h["tasks"][1]
    assert data[d["file_offset"]:d["file_offset"] + d["file_size"]] == flat.read_bytes()
    assert (d["vaddr"], d["entry"], d["ro_size"], d["mem_size"]) == (0x05000000, 0x05000000, PAGE, 7)
    assert (h["frames"], h["palette"]) == (6, 8)
    check_cart_matches_png(out, sheet)

    table = dict(line.split(": ", 1) for line in mkcart("inspect", out).stdout.splitlines())
    assert table["title"] == 'A "quoted" \\ title'
    assert table["frames"] == "6" and table["palette"] == "8" and table["fps"] == "16"
    assert table["tasks"] == "2"
    assert table["task D"] == ("file_offset=0x%08x file_size=7 vaddr=0x05000000 mem_size=7 "
                               "ro_size=0x00001000 entry=0x05000000" % d["file_offset"])
    assert table["payload_crc"] == "0x%08x" % h["payload_crc"]

    j = json.loads(mkcart("inspect", "--json", out).stdout)
    assert j["title"] == h["title"] and j["file_size"] == len(data)
    for field in ("header_crc", "payload_crc", "frames", "frames_offset", "palette", "palette_offset", "fps"):
        assert j[field] == h[field], field
    for mine, theirs in zip(j["tasks"], h["tasks"]):
        assert ord(mine.pop("letter")) == theirs.pop("letter")
        theirs.pop("reserved")
        assert mine == theirs

    assert mkcart("verify", out).stdout == f"{out}: ok\n"


def test_reproducible(tmp_path, sheet, flat):
    outs = []
    for name in ("one.cart", "two.cart"):
        out = tmp_path / name
        mkcart("build", "-o", out, "--title", "Same", "--task", f"A={HELLO_ELF}",
               "--task", f"B={flat}", "--frames", sheet)
        outs.append(out.read_bytes())
        os.utime(sheet, (0, 0))               # a different file time changes nothing
    assert outs[0] == outs[1]


def test_samples_match_their_sources():
    """The sample cartridges verify, and their frames are their PNG's pixels."""
    carts = sorted(BUILD.glob("carts/*.cart")) + sorted(BUILD.glob("testcarts/*.cart"))
    assert {"hello.cart", "frames.cart", "hello4.cart", "flat.cart"} <= {c.name for c in carts}
    mkcart("verify", *carts)
    check_cart_matches_png(BUILD / "carts/frames.cart",
                           BUILD / "obj/cartridges/cartridges/frames/frames.png")
    h = read_header((BUILD / "testcarts/hello4.cart").read_bytes())
    assert [chr(t["letter"]) for t in h["tasks"]] == list("ABCD")
    data = (BUILD / "testcarts/flat.cart").read_bytes()
    task = read_header(data)["tasks"][0]           # A.flat.asm: all text, entered at its start
    image = (BUILD / "obj/cartridges/tests/carts/flat/A.bin").read_bytes()
    assert data[task["file_offset"]:task["file_offset"] + task["file_size"]] == image
    assert (task["vaddr"], task["entry"], task["ro_size"]) == (0x05000000, 0x05000000, PAGE)


def test_sample_rebuilds_from_source_to_the_same_bytes(tmp_path):
    """The frames sample drawn again by its script and packed again gives
    the cartridge make built, byte for byte."""
    sheet = tmp_path / "frames.png"
    subprocess.run([sys.executable, ROOT / "cartridges/frames/frames.py", sheet], check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT / "cartridges/sdk")})
    out = tmp_path / "frames.cart"
    mkcart("build", "-o", out, "--title", "Bouncing ball", "--fps", 8,
           "--task", f"A={BUILD / 'obj/cartridges/cartridges/frames/A.elf'}", "--frames", sheet)
    assert out.read_bytes() == (BUILD / "carts/frames.cart").read_bytes()


# ---- exit codes and errors ----------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    ((), "no command"),
    (("frobnicate",), "unknown command"),
    (("build", "--title", "x", "--task", "A=f"), "-o, --title and at least one --task"),
    (("build", "-o", "x", "--title", "x"), "at least one --task"),
    (("build", "-o", "x", "--title", "x", "--task", "E=f"), "expected A=FILE"),
    (("build", "-o", "x", "--title", "x", "--task", "a=f"), "expected A=FILE"),
    (("build", "-o", "x", "--title", "x", "--task", "A="), "expected A=FILE"),
    (("build", "-o", "x", "--title", "x", "--task", "A=f", "--task", "A=g"), "given twice"),
    (("build", "-o", "x", "--title", "", "--task", "A=f"), "1 to 32 characters"),
    (("build", "-o", "x", "--title", "T" * 33, "--task", "A=f"), "1 to 32 characters"),
    (("build", "-o", "x", "--title", "caf\u00e9", "--task", "A=f"), "printable ASCII"),
    (("build", "-o", "x", "--title", "x", "--task", "A=f", "--fps", "0"), "--fps: "),
    (("build", "-o", "x", "--title", "x", "--task", "A=f", "--fps", "1025"), "--fps: "),
    (("build", "-o", "x", "--title", "x", "--task", "A=f", "--fps", "12x"), "--fps: "),
    (("build", "-o", "x", "--title", "x", "--task", "A=f", "--fps", "-3"), "--fps: "),
    (("build", "-o", "x", "--title", "x", "--task", "A=f", "--colour", "1"), "unknown option"),
    (("build", "-o", "x", "--title", "x", "--task", "A=f", "extra"), "unexpected argument"),
    (("inspect",), "expected [--json] FILE"),
    (("inspect", "--yaml", "f"), "expected [--json] FILE"),
    (("verify",), "expected FILE"),
])
def test_usage_errors(args, message):
    # The usage text names every option: the message must come before it.
    r = mkcart(*args, expect=2)
    error, _, usage = r.stderr.partition("usage: ")
    assert message in error and "mkcart: " in error, r.stderr
    assert usage and r.stdout == ""


def test_help():
    assert "usage:" in mkcart("--help").stdout


def test_invalid_inputs(tmp_path, flat, sheet):
    out = tmp_path / "x.cart"
    base = ("build", "-o", out, "--title", "x")
    r = mkcart(*base, "--task", "A=/nonexistent", expect=1)
    assert "mkcart: /nonexistent: cannot open" in r.stderr
    r = mkcart(*base, "--task", "A=/bin/true", expect=1)
    assert "/bin/true: ELF class 2" in r.stderr and "not 32-bit little-endian i386" in r.stderr
    r = mkcart(*base, "--task", f"A={tmp_path}", expect=1)
    assert "not a regular file" in r.stderr
    many = tmp_path / "many.png"
    write_png(many, 20, 20, bytes(v for i in range(400) for v in (i % 256, i // 256, 0)), color_type=2)
    r = mkcart(*base, "--task", f"A={flat}", "--frames", many, expect=1)
    assert f"{many}: 400 colours, more than 256: the first extra one, #000100, is at (16, 12)" in r.stderr
    r = mkcart(*base, "--task", f"A={flat}", "--frames", flat, expect=1)
    assert f"{flat}: PNG: " in r.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("x.cart")]


def test_verify_names_the_damage(tmp_path, flat, sheet):
    good = tmp_path / "good.cart"
    mkcart("build", "-o", good, "--title", "x", "--task", f"A={flat}", "--frames", sheet)
    data = good.read_bytes()
    cases = {
        "frame.cart": (data[:-10] + b"\x07" + data[-9:], "payload_crc: 0x"),
        "title.cart": (data[:32] + b"y" + data[33:], "header_crc: 0x"),
        "short.cart": (data[:-PAGE], "file_size: %d declared, the file has %d bytes" % (len(data), len(data) - PAGE)),
        # What an FTP text-mode transfer does to it.
        "text.cart": (data.replace(b"\r\n", b"\n"), "magic: byte 4 is 0x0000000a"),
        "tiny.cart": (b"hello\n", "file: 6 bytes, less than the 4096-byte header page"),
    }
    for name, (content, message) in cases.items():
        (tmp_path / name).write_bytes(content)
        r = mkcart("verify", tmp_path / name, expect=1)
        assert r.stderr.startswith(f"mkcart: {tmp_path / name}: ") and message in r.stderr, name
        r = mkcart("inspect", tmp_path / name, expect=1)
        assert message in r.stderr and r.stdout == ""
    # verify goes on after a bad file and says which are good.
    r = mkcart("verify", tmp_path / "frame.cart", good, expect=1)
    assert r.stdout == f"{good}: ok\n"
    huge = tmp_path / "huge.cart"
    with open(huge, "wb") as f:
        f.truncate(8 * 1024 * 1024 + 1)
    assert "more than the 8388608" in mkcart("verify", huge, expect=1).stderr
    assert good.read_bytes() == data        # verify and inspect change nothing


def test_failed_build_keeps_the_old_cartridge(tmp_path, flat):
    out = tmp_path / "game.cart"
    mkcart("build", "-o", out, "--title", "Old", "--task", f"A={flat}")
    before = out.read_bytes()
    mkcart("build", "-o", out, "--title", "New", "--task", "A=/bin/true", expect=1)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flat.bin", "game.cart"]
    # An unwritable destination leaves nothing behind either.
    r = mkcart("build", "-o", tmp_path / "no/such/dir/x.cart", "--title", "x", "--task", f"A={flat}", expect=1)
    assert "cannot create a temporary file" in r.stderr


def test_write_error_while_streaming_frames(tmp_path, flat, sheet):
    """A disk that fills up while frames are written (here a file-size
    limit): the error names the output, and no temporary file is left."""
    big = tmp_path / "big.png"
    write_png(big, 640, 640, bytes(range(256)) * 1600, palette=[(i, i, i) for i in range(256)])

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))
    out = tmp_path / "x.cart"
    r = subprocess.run([str(MKCART), "build", "-o", str(out), "--title", "x", "--task", f"A={flat}",
                        "--frames", str(big)], preexec_fn=small_files, capture_output=True, text=True)
    assert r.returncode == 1 and f"mkcart: {out}: cannot write {out}." in r.stderr, r.stderr
    assert "File too large" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.png", "flat.bin", "sheet.png"]


# ---- real art that nobody here drew --------------------------------------------------

ART = BUILD / "tests" / "debian-art"
ART_PACKAGES = ("tecnoballz-data", "lbreakout2-data")


def debian_art():
    """Downloads and unpacks the art packages once (with a lock, since tests
    run in parallel); skips, loudly, only when the archive cannot be reached."""
    ART.mkdir(parents=True, exist_ok=True)
    with open(ART / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = ART / ".unpacked"
        if not done.exists():
            debs = ART / "debs"
            debs.mkdir(exist_ok=True)
            r = subprocess.run(["apt-get", "download", *ART_PACKAGES], cwd=debs,
                               capture_output=True, text=True)
            if r.returncode != 0:
                reason = ("Debian archive not reachable, real-art test skipped: "
                          + (r.stderr.strip().splitlines() or ["apt-get failed"])[-1])
                warnings.warn(reason)
                pytest.skip(reason)
            for deb in debs.glob("*.deb"):
                subprocess.run(["dpkg", "-x", str(deb), str(ART / "root")], check=True)
            done.touch()
    return ART / "root" / "usr/share/games"


def test_debian_art(tmp_path, flat):
    games = debian_art()
    sprites = games / "tecnoballz/lores/all_sprites.png"
    out = tmp_path / "tecnoballz.cart"
    mkcart("build", "-o", out, "--title", "TecnoballZ sprites", "--task", f"A={flat}",
           "--frames", sprites, "--fps", 8)
    mkcart("verify", out)
    assert "frames: 65" in mkcart("inspect", out).stdout.split("\n")   # 320x806: 5 x 13 frames
    check_cart_matches_png(out, sprites)

    kinds = {}
    for png in sorted((games / "lbreakout2/gfx").glob("*.png")):
        out = tmp_path / (png.stem + ".cart")
        decoded = decode_png(png)
        ctype = png.read_bytes()[25]
        kinds[ctype] = kinds.get(ctype, 0) + 1
        colours, frames = expected_sheet(decoded) if decoded else (None, b"")
        if frames is None:
            r = mkcart("build", "-o", out, "--title", "x", "--task", f"A={flat}", "--frames", png, expect=1)
            assert f"{png}: {colours} colours, more than 256" in r.stderr
            continue
        mkcart("build", "-o", out, "--title", "x", "--task", f"A={flat}", "--frames", png)
        mkcart("verify", out)
        check_cart_matches_png(out, png)
    # The package has indexed, RGB, RGBA and grey sheets: each path was taken.
    assert {0, 2, 3, 6} <= set(kinds), kinds

"""The cartridge reader (issue 6, seed 004): frames played into the video
buffer on vector 40, opendevice/closedevice (int 90/91) in DMA and copy
mode, and everything a task may try against them.

Each boot runs one test cartridge of tests/carts/reader_*/ whose tasks print
what they saw: frame counters (the first byte of each test frame) and FNV-1a
checksums of whole frames, which are checked here against the frames in the
built cartridge file itself.  One test per boot keeps `make test` short."""

from genesis import (EXIT_NORMAL, GUEST_TIME, KILLED, NO_SCREEN, Cart, boot, expect_clean_end,
                     expect_no_leak)

COPY_PAGE = r"reader: task {} copy page at 0x[0-9a-f]{{8}}$"


def fnv1a(frame):
    h = 2166136261
    for byte in frame:
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


class Frames:
    """Checks (counter, checksum) pairs that tasks logged against the cartridge."""

    def __init__(self, cart):
        self.frames = Cart(cart).frames
        self.sums = [fnv1a(f) for f in self.frames]

    def check(self, run, counter, sum_hex, what):
        counter = int(counter)
        assert self.frames[counter][0] == counter, f"frame {counter} does not carry its counter"
        assert int(sum_hex, 16) == self.sums[counter], \
            f"{what}: frame {counter} checksum {sum_hex}, the cartridge's is {self.sums[counter]:08x}\n" \
            + run.describe()


def killed(run, letter, err):
    """Task letter was killed by a user-mode page fault at the DMA page."""
    run.expect(rf"task {letter}: killed page fault vector=14 err=0x{err:08x} eip=0x[0-9a-f]{{8}} "
               r"cr2=0xbabab000$")


def test_dma_copy_close_and_refusals():
    # repeat=1: the same tasks run twice, so whatever the first round left in
    # the reader (a list entry, a mapping, a page) would show in the second.
    run = boot("reader-basic", carts=["reader_basic"], config="exit=idle\nfps=64\nrepeat=1\n",
               extra_args=NO_SCREEN)
    expect_clean_end(run)
    expect_no_leak(run)
    run.expect(r'reader: "Reader basics" at 64 frames per second \(BOOT\.CFG\)$')
    frames = Frames("reader_basic")
    assert len(run.all(r'cart: inserted "Reader basics"$')) == 2, run.describe()

    # A: DMA shows frame k, then a later one without opening again; a write kills.
    seen = run.all(r"task A: dma frame (\d+) sum ([0-9a-f]{8})$")
    assert len(seen) == 4, run.describe()
    for m in seen:
        frames.check(run, *m.groups(), "DMA")
    for first, later in (seen[0:2], seen[2:4]):
        assert first.group(1) != later.group(1), f"DMA mapping not live\n{run.describe()}"
    run.expect_order(r"task A: writing the video buffer$", rf"task A: {KILLED}")
    killed(run, "A", 0x7)                # present, write, user
    run.expect_none(r"task A: wrote the video buffer")

    # B: closing with nothing open is fine; after closedevice a read kills.
    assert len(run.all(r"task B: close with nothing open -> 0$")) == 2, run.describe()
    for m in run.all(r"task B: dma frame (\d+) sum ([0-9a-f]{8})$"):
        frames.check(run, *m.groups(), "DMA before closing")
    assert len(run.all(r"task B: close -> 0$")) == 2, run.describe()
    killed(run, "B", 0x4)                # not present, read, user
    run.expect_none(r"task B: read the closed mapping")

    # C: copy mode, refreshed on every frame, even over the task's scribbles;
    # kept as it was once closed, while frames go by.
    copies = run.all(r"task C: copy (?:after scribbling )?frame (\d+) sum ([0-9a-f]{8})$")
    assert len(copies) == 6, run.describe()
    for m in copies:
        frames.check(run, *m.groups(), "copy")
    closed = run.all(r"task C: copy closed at frame (\d+) sum ([0-9a-f]{8})$")
    kept = run.all(r"task C: copy after 8 frames frame (\d+) sum ([0-9a-f]{8})$")
    assert len(closed) == len(kept) == 2, run.describe()
    for c, k in zip(closed, kept):
        frames.check(run, *c.groups(), "closed copy")
        assert c.groups() == k.groups(), f"the closed copy changed\n{run.describe()}"
    assert len(run.all(r"task C: exited status=0$")) == 2, run.describe()

    # D: refusals come back at once with -1, mode 0 with 0; the open DMA
    # mapping survives them all.
    refusals = run.all(r"task D: open mode (\d+) addr ([0-9a-f]{8}) -> (-?\d+) (at once|after a frame)$")
    assert len(refusals) == 2 * 14, run.describe()
    for m in refusals:
        mode, addr, result, when = m.groups()
        assert when == "at once", f"mode {mode} addr {addr} slept\n{run.describe()}"
        assert result == ("0" if mode == "0" else "-1"), f"mode {mode} addr {addr} -> {result}\n{run.describe()}"
    assert {(m.group(1), m.group(2)) for m in refusals} >= {
        ("3", "06000000"), ("255", "06000000"), ("2", "00000000"), ("2", "00001000"),
        ("2", "05000000"), ("2", "06000010"), ("2", "babab000"), ("2", "c0000000"),
        ("2", "05400000")}
    for line in (r"task D: close -> 0$", r"task D: close again -> 0$", r"task D: exited status=0$"):
        assert len(run.all(line)) == 2, run.describe()

    # One copy page per task and round: C's, never D's (it was refused).
    assert len(run.all(COPY_PAGE.format("C"))) == 2, run.describe()
    run.expect_none(COPY_PAGE.format("D"))


def test_three_copy_tasks_and_one_dma_task_miss_no_frame():
    # On guest time a busy host cannot bring two frames while a woken task
    # got no chance to run.
    run = boot("reader-stress", carts=["reader_stress"], config="exit=idle\nfps=64\n",
               extra_args=NO_SCREEN + GUEST_TIME)
    expect_clean_end(run)
    expect_no_leak(run)
    frames = Frames("reader_stress")
    for letter in "ABCD":
        seen = run.all(rf"task {letter}: frame (\d+) sum ([0-9a-f]{{8}})$")
        assert len(seen) == 240, f"task {letter}: {len(seen)} frames\n{run.describe()}"
        for m in seen:
            frames.check(run, *m.groups(), f"task {letter}")
        counters = [int(m.group(1)) for m in seen]
        # Each opendevice wakes on the very next interrupt: consecutive
        # interrupts all woke it (the slave PIC got its EOI every time) and
        # it was back asleep before the next one.
        steps = [(b - a) % 256 for a, b in zip(counters, counters[1:])]
        assert steps == [1] * len(steps), \
            f"task {letter} skipped frames: counters {counters}\n{run.describe()}"
        run.expect(rf"task {letter}: exited status=0$")
    interrupts = int(run.expect(r"genesis: \d+ clock ticks, (\d+) reader interrupts$").group(1))
    assert interrupts >= 240, run.describe()


def test_without_frames_buffer_stays_zero_and_copy_cycles_reuse_one_page():
    # repeat=1: a second round finds nothing of the first's tasks in the
    # reader, though they ended with the reader open.
    run = boot("reader-cycles", carts=["reader_cycles"], config="exit=idle\nfps=1024\nrepeat=1\n",
               extra_args=NO_SCREEN)
    expect_clean_end(run)
    expect_no_leak(run)
    run.expect(r'reader: "Reader cycles" at 1024 frames per second \(BOOT\.CFG\)$')
    # The buffer is zero and the reader still signals; every copy too, though
    # the tasks scribbled over their copies and one tried to write the buffer.
    for line in (r"task A: cycles 1000 zero 1000$", r"task B: dma frames 600 zero 600$",
                 r"task C: rounds 50 zero 50, exiting open$", r"task C: exited status=0$",
                 r"task D: dma zero 1, writing$"):
        assert len(run.all(line)) == 2, f"{line!r} not twice\n{run.describe()}"
    assert len(run.all(r"task D: killed page fault vector=14 err=0x00000007 eip=0x[0-9a-f]{8} "
                       r"cr2=0xbabab000$")) == 2, run.describe()
    # 1,000 opens, one page per round; C's page freed as it exited open, D's
    # mapping removed (and the buffer not freed) as it was killed open: no
    # page leaked.
    assert len(run.all(COPY_PAGE.format("A"))) == 2, run.describe()
    assert len(run.all(COPY_PAGE.format("C"))) == 2, run.describe()


# The sample cartridge's filters, as cartridges/filters/common/filters.c
# computes them on RGB 3-3-2 indices.
def luma(c):
    r, g, b = (c >> 5) * 255 // 7, (c >> 2 & 7) * 255 // 7, (c & 3) * 255 // 3
    return (77 * r + 150 * g + 29 * b) >> 8


def greyscale(frame):
    out = bytearray()
    for c in frame:
        y = luma(c)
        rg, b = (y * 7 + 127) // 255, (y * 3 + 127) // 255
        out.append(rg << 5 | rg << 2 | b)
    return out


def invert(frame):
    return bytes(255 - c for c in frame)


def mirror(frame):
    return b"".join(frame[y * 64:(y + 1) * 64][::-1] for y in range(64))


def edges(frame):
    y = [luma(c) for c in frame]
    out = bytearray(4096)
    for r in range(1, 63):
        for c in range(1, 63):
            p = r * 64 + c
            gx = y[p - 63] + 2 * y[p + 1] + y[p + 65] - y[p - 65] - 2 * y[p - 1] - y[p + 63]
            gy = y[p + 63] + 2 * y[p + 64] + y[p + 65] - y[p - 65] - 2 * y[p - 64] - y[p - 63]
            if abs(gx) + abs(gy) > 4 * 96:
                out[p] = 0xFF
    return out


def filter_sum(frame):
    h = 0
    for byte in frame:
        h = (h * 31 + byte) & 0xFFFFFFFF
    return h


def test_filters_sample_plays_at_its_own_rate_and_filters_right():
    # No fps in BOOT.CFG: the cartridge's 16 frames a second.
    run = boot("reader-filters", carts=["filters"], config="exit=never\nmax_ticks=300\n")
    run.expect_exit(EXIT_NORMAL)
    run.expect_none(r"panic:")
    run.expect(r'reader: "Filters" at 16 frames per second \(the cartridge\'s\)$')
    interrupts = int(run.expect(r"genesis: \d+ clock ticks, (\d+) reader interrupts$").group(1))
    assert 16 * 2 <= interrupts <= 16 * 4, run.describe()
    frames = Cart("filters").frames
    for letter, name, fn in (("A", r"greyscale \(DMA\)", greyscale), ("B", r"invert \(copy\)", invert),
                             ("C", r"mirror \(copy\)", mirror), ("D", r"edges \(copy\)", edges)):
        sums = {filter_sum(fn(f)) for f in frames}
        reports = run.all(rf"task {letter}: {name}: (\d+) frames, checksum 0x([0-9a-f]+)$")
        assert reports, f"task {letter} reported nothing\n{run.describe()}"
        for m in reports:
            assert int(m.group(2), 16) in sums, \
                f"task {letter}: checksum {m.group(2)} is no frame's {name}\n{run.describe()}"

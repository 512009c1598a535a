"""Draws the exam-000 cartridge's art: its palette, whose colours the four
tasks paint their screens with (the INK_ numbers in common/exam000.h), and
a title card: a data area's pages, some mapped, one being read.
Usage: frames.py SHEET.png"""
import sys

from pngwrite import write_png

SIZE = 64
PALETTE = [
    (12, 16, 40),      # 0 INK_BACKGROUND
    (40, 48, 90),      # 1 INK_SLOT: a page the area does not have
    (90, 200, 120),    # 2 INK_PAGE: a page of A's area
    (120, 170, 255),   # 3 INK_MEASURED: a page of A's area, as B found it with ReadData
    (250, 210, 80),    # 4 INK_PRIME: n is prime in C's sieve
    (30, 50, 110),     # 5 INK_COMPOSITE
    (235, 235, 245),   # 6 INK_BIT: a set bit of A's message, as B read it
]


def title_card():
    rows = [[0] * SIZE for _ in range(SIZE)]
    # Sixteen pages in a 4 x 4 grid: the first six mapped, the seventh read.
    for page in range(16):
        x0, y0 = 4 + page % 4 * 15, 4 + page // 4 * 15
        ink = 2 if page < 6 else 3 if page == 6 else 1
        for y in range(y0, y0 + 12):
            for x in range(x0, x0 + 12):
                rows[y][x] = ink
    return rows


def main():
    pixels = bytearray(b"".join(bytes(row) for row in title_card()))
    write_png(sys.argv[1], SIZE, SIZE, pixels, palette=PALETTE)


if __name__ == "__main__":
    main()

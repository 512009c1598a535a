"""The scene's art: frame 0 a sheet of small sprites on the transparent
index 0, none of them symmetric, so a wrong flip shows; frame 1 a
gradient.  Usage: frames.py SHEET.png"""
import sys

from pngwrite import write_sheet

SIZE = 64
PALETTE = [(0, 0, 0), (255, 255, 255)] + [(8 * i, 255 - 8 * i, 128 + 4 * i) for i in range(30)]


def sheet():
    f = bytearray(SIZE * SIZE)
    # An 8 x 8 flag at (0, 0): a pole on the left, a pennant to its right.
    for y in range(8):
        f[y * SIZE] = 1
        for x in range(1, 8 - y if y < 4 else 1 + y - 3):
            f[y * SIZE + x] = 2 + x + y
    # A 12 x 6 arrow at (16, 4), pointing right, its shaft's colours changing.
    for y in range(6):
        for x in range(12):
            if (y in (2, 3) and x < 8) or (x >= 8 and abs(2.5 - y) <= 11.5 - x):
                f[(4 + y) * SIZE + 16 + x] = 5 + (x + 3 * y) % 20
    return f


def gradient():
    return bytes(2 + (x + y) * 29 // 126 for y in range(SIZE) for x in range(SIZE))


write_sheet(sys.argv[1], [sheet(), gradient()], PALETTE, 2)

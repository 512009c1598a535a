"""Draws the filters cartridge's sprite sheet: a colour wheel turning
behind a ball that circles it, 32 frames of 64 x 64 in an 8 x 4 sheet.
The palette is RGB 3-3-2 (index = rrrgggbb), so the tasks can filter the
colours of an index with bit arithmetic alone.
Usage: frames.py SHEET.png"""
import math
import sys

from pngwrite import write_sheet

FRAMES, COLUMNS, SIZE = 32, 8, 64
CENTRE = SIZE / 2 - 0.5
WHEEL, BALL, ORBIT = 22, 6, 25

PALETTE = [(r * 255 // 7, g * 255 // 7, b * 255 // 3)
           for r in range(8) for g in range(8) for b in range(4)]


def index(r, g, b):
    """The RGB 3-3-2 index of a colour with channels from 0 to 1."""
    return round(r * 7) << 5 | round(g * 7) << 2 | round(b * 3)


def hue(angle):
    """A saturated colour around the wheel, angle in turns."""
    return tuple(0.5 + 0.5 * math.cos(2 * math.pi * (angle - offset))
                 for offset in (0, 1 / 3, 2 / 3))


def draw_frame(t):
    """One frame as 64 rows of 64 indices; t in [0, 1) along the loop."""
    bx = CENTRE + ORBIT * math.cos(-2 * math.pi * t)
    by = CENTRE + ORBIT * math.sin(-2 * math.pi * t)
    rows = []
    for y in range(SIZE):
        row = []
        for x in range(SIZE):
            dx, dy = x - CENTRE, y - CENTRE
            r = math.hypot(dx, dy)
            if math.hypot(x - bx, y - by) <= BALL:
                c = index(1, 1, 1)
            elif r <= WHEEL:
                shade = 0.35 + 0.65 * r / WHEEL
                c = index(*(shade * v for v in hue(math.atan2(dy, dx) / (2 * math.pi) + t)))
            else:
                c = index(0.05, 0.1, 0.2 + 0.3 * y / SIZE)
            row.append(c)
        rows.append(row)
    return rows


def main():
    write_sheet(sys.argv[1], [draw_frame(f / FRAMES) for f in range(FRAMES)], PALETTE, COLUMNS)


main()

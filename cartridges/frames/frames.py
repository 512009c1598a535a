"""Draws the frames cartridge's sprite sheet: a ball bouncing on the
ground, 16 frames of 64 x 64 in a 4 x 4 sheet, 16 colours.
Usage: frames.py SHEET.png"""
import math
import sys

from pngwrite import write_sheet

FRAMES, COLUMNS, SIZE = 16, 4, 64
GROUND = 54                        # first row of grass
RADIUS = 9

PALETTE = [(0, 0, 0)]                                                # 0 unused
PALETTE += [(40 + 12 * i, 90 + 14 * i, 200 + 6 * i) for i in range(8)]  # 1-8 sky
PALETTE += [(40, 140, 50), (30, 100, 40)]                            # 9-10 grass
PALETTE += [(250, 200, 60), (235, 150, 40), (200, 90, 30), (255, 245, 200)]  # 11-14 ball
PALETTE += [(20, 70, 30)]                                            # 15 shadow


def ball_shade(dx, dy):
    """Palette index for a point (dx, dy) of the unit disc, shaded as a
    sphere lit from the top left and the front."""
    dz = math.sqrt(max(0.0, 1 - dx * dx - dy * dy))
    light = -0.45 * dx - 0.55 * dy + 0.7 * dz
    if light > 0.85:
        return 14
    return 11 if light > 0.45 else 12 if light > 0.1 else 13


def draw_frame(t):
    """One frame as 64 rows of 64 indices; t in [0, 1) along the bounce."""
    height = abs(math.cos(math.pi * t))           # 1 at the top, 0 on the ground
    cy = GROUND - RADIUS - height * 36
    squash = 1.0 if height > 0.15 else 0.75 + height * 1.6
    rx, ry = RADIUS / squash ** 0.5, RADIUS * squash
    cy = min(cy, GROUND - ry)
    cx = SIZE / 2
    shadow = RADIUS * (1.2 - 0.6 * height)
    rows = []
    for y in range(SIZE):
        row = []
        for x in range(SIZE):
            if y < GROUND:
                c = 1 + y * 8 // GROUND
            else:
                c = 9 if (x // 4 + y // 3) % 2 else 10
                if y < GROUND + 3 and abs(x - cx) < shadow:
                    c = 15
            dx, dy = (x + 0.5 - cx) / rx, (y + 0.5 - cy) / ry
            if dx * dx + dy * dy <= 1:
                c = ball_shade(dx, dy)
            row.append(c)
        rows.append(row)
    return rows


def main():
    write_sheet(sys.argv[1], [draw_frame(f / FRAMES) for f in range(FRAMES)], PALETTE, COLUMNS)


main()

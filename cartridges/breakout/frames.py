"""Draws the breakout cartridge's art: two 64 x 64 frames side by side.
Frame 0 is the sprite atlas the game cuts its sprites from (paddle, ball,
bricks, a heart); frame 1 is the playfield's backdrop.  The coordinates
here and the ones in A.c describe the same atlas; the text is the SDK's.
Usage: frames.py SHEET.png"""
import sys

from pngwrite import draw_rows, mix, write_sheet

SIZE = 64


PALETTE = [(0, 0, 0)]                                                # 0 transparent
PALETTE += [mix((8, 10, 36), (46, 18, 78), i / 7) for i in range(8)]  # 1-8 backdrop
PALETTE += [(90, 100, 160), (160, 170, 230)]                         # 9-10 walls
PALETTE += [(230, 245, 255), (110, 195, 255), (40, 105, 190)]        # 11-13 paddle
PALETTE += [(255, 255, 255), (185, 195, 220)]                        # 14-15 ball
PALETTE += [(255, 255, 255), (255, 210, 60), (240, 60, 90)]          # 16-18 digits, -, heart
PALETTE += [(255, 235, 120)]                                         # 19 letters
BRICK_BASES = [(220, 50, 50), (240, 140, 40), (235, 215, 60),
               (70, 200, 90), (60, 185, 230), (170, 90, 230)]
for base in BRICK_BASES:                                             # 20-37 bricks
    PALETTE += [mix(base, (255, 255, 255), 0.45), base, mix(base, (0, 0, 0), 0.4)]
PALETTE += [(200, 200, 255)]                                         # 38 stars

BRICK_FIRST, STAR = 20, 38

# Atlas positions: (x, y) of each sprite's top-left corner in frame 0.
PADDLE = (0, 0)            # 12 x 3
BALL = (13, 0)             # 3 x 3
HEART = (17, 0)            # 5 x 4
BRICK_Y = 5                # brick k: 6 x 3 at (7 k, 5)


def atlas():
    f = [[0] * SIZE for _ in range(SIZE)]
    draw_rows(f, *PADDLE, [".bbbbbbbbbb.", "cbccccccccbc", ".dddddddddd."])
    draw_rows(f, *BALL, ["fef", "eee", "fef"])
    draw_rows(f, *HEART, ["ii.ii", "iiiii", ".iii.", "..i.."])
    for k in range(len(BRICK_BASES)):
        light, base, dark = (BRICK_FIRST + 3 * k + i for i in range(3))
        rows = [[light] * 5 + [base], [light] + [base] * 4 + [dark], [base] + [dark] * 5]
        for y, row in enumerate(rows):
            for x, c in enumerate(row):
                f[BRICK_Y + y][7 * k + x] = c
    return f


def backdrop():
    f = [[1] * SIZE for _ in range(SIZE)]
    for y in range(8, SIZE):
        for x in range(1, SIZE - 1):
            f[y][x] = 2 + (y - 8) * 7 // (SIZE - 8)
    # A few stars, always in the same places.
    seed = 12345
    for _ in range(40):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        x, y = 1 + seed % 62, 8 + (seed >> 8) % 56
        f[y][x] = STAR
    for x in range(SIZE):
        f[7][x] = 10
    for y in range(7, SIZE):
        f[y][0] = f[y][SIZE - 1] = 9
    return f


def main():
    write_sheet(sys.argv[1], [atlas(), backdrop()], PALETTE)


if __name__ == "__main__":
    main()

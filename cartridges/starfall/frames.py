"""Draws Starfall's art: frame 0 is the sprite atlas (the ship, a star, a
rock, a heart, a spark), frame 1 the night sky behind the game, frame 2 the
scoreboard's panel.  The rectangles in common/starfall.h describe the same
atlas.
Usage: frames.py SHEET.png"""
import sys

from pngwrite import draw_rows, mix, write_sheet

SIZE = 64


PALETTE = [(0, 0, 0)]                                                  # 0 transparent
PALETTE += [mix((4, 6, 24), (40, 24, 80), i / 7) for i in range(8)]    # 1-8 sky
PALETTE += [(30, 60, 40), (20, 40, 28)]                                # 9-10 hills
PALETTE += [(235, 240, 255), (120, 200, 255), (40, 90, 180)]           # 11-13 ship
PALETTE += [(255, 240, 150), (255, 200, 40)]                           # 14-15 star
PALETTE += [(170, 150, 130), (110, 95, 80), (70, 60, 50)]              # 16-18 rock
PALETTE += [(240, 60, 90)]                                             # 19 heart
PALETTE += [(255, 255, 255)]                                           # 20 text
PALETTE += [(255, 210, 60)]                                            # 21 score
PALETTE += [(200, 200, 255)]                                           # 22 far stars
PALETTE += [(24, 20, 48), (60, 50, 110)]                               # 23-24 panel

# Atlas positions: (x, y) of each sprite's top-left corner in frame 0.
SHIP = (0, 0)              # 9 x 5
STAR = (10, 0)             # 5 x 5
ROCK = (16, 0)             # 6 x 6
HEART = (23, 0)            # 5 x 4
SPARK = (29, 0)            # 5 x 5


def atlas():
    f = [[0] * SIZE for _ in range(SIZE)]
    draw_rows(f, *SHIP, ["....b....", "...bcb...", "..bcccb..", ".bdcccdb.", "bdd...ddb"])
    draw_rows(f, *STAR, ["..e..", ".efe.", "effff", ".efe.", "..e.."])
    draw_rows(f, *ROCK, [".ggh..", "gghhh.", "ghhhii", "hhhiii", ".hiii.", "..ii.."])
    draw_rows(f, *HEART, ["jj.jj", "jjjjj", ".jjj.", "..j.."])
    draw_rows(f, *SPARK, ["e...e", ".e.e.", "..k..", ".e.e.", "e...e"])
    return f


def sky():
    f = [[1 + y * 8 // SIZE for _ in range(SIZE)] for y in range(SIZE)]
    seed = 2024
    for _ in range(30):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        f[(seed >> 8) % 48][seed % SIZE] = 22
    for x in range(SIZE):
        top = 56 + (3 if (x // 9) % 2 else 1) - abs((x % 9) - 4) // 2
        for y in range(top, SIZE):
            f[y][x] = 9 if y == top else 10
    return f


def panel():
    f = [[23] * SIZE for _ in range(SIZE)]
    for i in range(SIZE):
        f[0][i] = f[SIZE - 1][i] = f[i][0] = f[i][SIZE - 1] = 24
    return f


def main():
    write_sheet(sys.argv[1], [atlas(), sky(), panel()], PALETTE)


if __name__ == "__main__":
    main()

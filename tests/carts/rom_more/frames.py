"""Five frames and eight colours, none like rom_art's: after a swap the
sum task A logs is this cartridge's.  Usage: frames.py SHEET.png"""
import sys

from pngwrite import write_sheet

FRAMES, COLOURS, SIZE = 5, 8, 64


def frame(k):
    return bytes((i * 0x2545F491 + (k + 7) * 0x9E3779B1 >> 20) % COLOURS for i in range(SIZE * SIZE))


write_sheet(sys.argv[1], [frame(k) for k in range(FRAMES)],
            [(32 * c, 16 * c, 255 - 32 * c) for c in range(COLOURS)], FRAMES)

"""Three frames of hashed bytes over a 16-colour palette: any byte in the
wrong place changes the sum task A logs.  The test reads the expected
bytes from the built cartridge.  Usage: frames.py SHEET.png"""
import sys

from pngwrite import write_sheet

FRAMES, COLOURS, SIZE = 3, 16, 64


def frame(k):
    return bytes((i * 0x9E3779B1 + k * 0x85EBCA77 >> 24) % COLOURS for i in range(SIZE * SIZE))


write_sheet(sys.argv[1], [frame(k) for k in range(FRAMES)],
            [(17 * c, 255 - 17 * c, 8 * c) for c in range(COLOURS)], FRAMES)

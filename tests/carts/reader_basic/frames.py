"""Test frames for the cartridge reader's boot scenarios: 256 frames whose
first byte is the frame's number (the frame counter the tasks read) and
whose other bytes are a hash of the frame and the position, so that any
two frames, and a frame mixed from two, have different checksums.  The
tests take the expected bytes from the built cartridge itself.
Usage: frames.py SHEET.png"""
import sys

from pngwrite import write_sheet

FRAMES, COLUMNS, SIZE = 256, 16, 64


def frame(k):
    pixels = bytearray((i * 0x9E3779B1 + k * 0x85EBCA77 >> 24) & 0xFF for i in range(SIZE * SIZE))
    pixels[0] = k
    return pixels


def main():
    write_sheet(sys.argv[1], [frame(k) for k in range(FRAMES)], [(g, g, g) for g in range(256)], COLUMNS)


main()

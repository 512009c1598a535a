"""Test frames for the cartridge reader's boot scenarios: 256 frames whose
first byte is the frame's number (the frame counter the tasks read) and
whose other bytes are a hash of the frame and the position, so that any
two frames, and a frame mixed from two, have different checksums.  The
tests take the expected bytes from the built cartridge itself.
Usage: frames.py SHEET.png"""
import sys

from pngwrite import write_png

FRAMES, COLUMNS, SIZE = 256, 16, 64


def frame(k):
    pixels = bytearray((i * 0x9E3779B1 + k * 0x85EBCA77 >> 24) & 0xFF for i in range(SIZE * SIZE))
    pixels[0] = k
    return pixels


def main():
    width, height = COLUMNS * SIZE, FRAMES // COLUMNS * SIZE
    sheet = bytearray(width * height)
    for k in range(FRAMES):
        fx, fy = k % COLUMNS * SIZE, k // COLUMNS * SIZE
        pixels = frame(k)
        for y in range(SIZE):
            start = (fy + y) * width + fx
            sheet[start:start + SIZE] = pixels[y * SIZE:(y + 1) * SIZE]
    write_png(sys.argv[1], width, height, sheet, palette=[(g, g, g) for g in range(256)])


main()

"""PNG files from the Python standard library alone, for the scripts that
draw a cartridge's art at build time (cartridges/<name>/frames.py), so the
art is rebuilt from source and needs nothing installed.

    write_png(path, width, height, pixels, palette=[(r, g, b), ...])
        an indexed PNG: pixels holds one palette index per byte, row by row
    write_png(path, width, height, pixels, color_type=2)
        other colour types (0 grey, 2 RGB, 4 grey+alpha, 6 RGBA) at 8 bits
        per channel: pixels holds the channels of each pixel, row by row
    write_sheet(path, frames, palette, columns)
        a sprite sheet: 64 x 64 frames laid out as mkcart cuts them
    mix(a, b, t), draw_rows(frame, x, y, rows)
        helpers for drawing a sheet: a colour between two, and a sprite
        written as rows of characters
"""
import struct
import zlib

CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data)))


def write_png(path, width, height, pixels, palette=None, color_type=3):
    stride = width * CHANNELS[color_type]
    if len(pixels) != stride * height:
        raise ValueError(f"{len(pixels)} bytes of pixels for {width}x{height}")
    if (color_type == 3) != (palette is not None):
        raise ValueError("an indexed PNG needs a palette, and only it")
    # Each row starts with filter type 0 (none): simple, and zlib still
    # shrinks the flat areas that sprite sheets are made of.
    raw = b"".join(b"\0" + bytes(pixels[y * stride:(y + 1) * stride])
                   for y in range(height))
    chunks = [_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8,
                                          color_type, 0, 0, 0))]
    if palette is not None:
        chunks.append(_chunk(b"PLTE", b"".join(bytes(c) for c in palette)))
    chunks.append(_chunk(b"IDAT", zlib.compress(raw, 9)))
    chunks.append(_chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + b"".join(chunks))


FRAME = 64  # a frame is FRAME x FRAME palette indices


def write_sheet(path, frames, palette, columns=None):
    """The indexed PNG that mkcart cuts back into the same frames: frames
    (each a list of FRAME rows, or FRAME * FRAME bytes) laid out row by row,
    `columns` to a row (default: all in one row)."""
    frames = [_frame_rows(f) for f in frames]
    columns = columns or len(frames)
    width = columns * FRAME
    height = -(-len(frames) // columns) * FRAME
    pixels = bytearray(width * height)
    for k, rows in enumerate(frames):
        fx, fy = k % columns * FRAME, k // columns * FRAME
        for y, row in enumerate(rows):
            start = (fy + y) * width + fx
            pixels[start:start + FRAME] = bytes(row)
    write_png(path, width, height, pixels, palette=palette)


def _frame_rows(frame):
    if len(frame) == FRAME * FRAME:
        return [frame[y * FRAME:(y + 1) * FRAME] for y in range(FRAME)]
    return frame


def mix(a, b, t):
    """The colour a fraction t of the way from colour a to colour b."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def draw_rows(frame, x0, y0, rows):
    """Draws rows of characters into frame (a list of rows) with its
    top-left corner at (x0, y0): '.' leaves a pixel alone, a digit or a
    letter a-z is a palette index (a = 10 ...)."""
    for y, row in enumerate(rows):
        for x, c in enumerate(row):
            if c != ".":
                frame[y0 + y][x0 + x] = int(c, 36)

"""Draws the viewer cartridge's film: a planet turning once in 128 frames,
its moon going round it, stars twinkling behind.  Sixteen frames a row in
a 1024 x 512 sheet, about 60 colours.
Usage: frames.py SHEET.png"""
import math
import sys

from pngwrite import write_sheet

FRAMES, COLUMNS, SIZE = 128, 16, 64
CENTRE, RADIUS = 30.0, 21.0          # the planet
TILT = math.radians(23)              # of its axis, towards the viewer's right
SHADES = 6                           # light levels of each surface

SPACE = 0
STARS = [1, 2, 3]                    # dim to bright
OCEAN, LAND, DESERT, ICE, MOON = (4 + SHADES * i for i in range(5))
GLOW = 4 + SHADES * 5                # the atmosphere's rim

PALETTE = [(2, 3, 12), (70, 70, 110), (150, 150, 190), (240, 240, 255)]
for dark, bright in [((4, 12, 40), (40, 110, 220)),       # ocean
                     ((8, 30, 10), (70, 180, 70)),        # land
                     ((40, 30, 10), (210, 180, 110)),     # desert
                     ((60, 70, 90), (250, 250, 255)),     # ice
                     ((30, 30, 34), (215, 210, 200))]:    # moon
    PALETTE += [tuple(round(d + (b - d) * i / (SHADES - 1)) for d, b in zip(dark, bright))
                for i in range(SHADES)]
PALETTE += [(90, 150, 255)]
LIGHT = (-0.55, -0.45, 0.70)         # from the upper left, in front


def normalise(v):
    n = math.sqrt(sum(c * c for c in v))
    return tuple(c / n for c in v)


LIGHT = normalise(LIGHT)


def terrain(p):
    """Height of the ground at unit vector p: a sum of waves over the
    sphere, so it is smooth and the same all the way round."""
    x, y, z = p
    h = (math.sin(3.1 * x + 1.3) * math.cos(2.7 * y - 0.4) + math.sin(2.3 * z + 2.9 * x)
         + 0.6 * math.sin(5.3 * y + 4.1 * z + 0.7) + 0.35 * math.sin(9.7 * x - 7.9 * z + 1.1)
         + 0.2 * math.sin(14.3 * y + 11.1 * x))
    return h


def shade(base, light):
    return base + max(0, min(SHADES - 1, int(light * SHADES)))


def planet_pixel(x, y, turn):
    nx, ny = (x + 0.5 - CENTRE) / RADIUS, (y + 0.5 - CENTRE) / RADIUS
    r2 = nx * nx + ny * ny
    if r2 > 1:
        return None
    nz = math.sqrt(1 - r2)
    light = max(0.0, nx * LIGHT[0] + ny * LIGHT[1] + nz * LIGHT[2]) * 0.92 + 0.04
    # Into the planet's own frame: undo the tilt (about z), then the turn (about y).
    c, s = math.cos(TILT), math.sin(TILT)
    px, py = c * nx + s * ny, -s * nx + c * ny
    c, s = math.cos(turn), math.sin(turn)
    p = (c * px + s * nz, py, -s * px + c * nz)
    if abs(p[1]) > 0.86:
        return shade(ICE, light)
    h = terrain(p)
    if h < 0.35:
        return shade(OCEAN, light)
    if h > 1.35 and abs(p[1]) < 0.45:
        return shade(DESERT, light)
    if h > 1.9:
        return shade(ICE, light)
    return shade(LAND, light)


def moon_at(t):
    """The moon's centre and how far in front of the planet it is."""
    angle = 2 * math.pi * t
    return (CENTRE + 27 * math.cos(angle), CENTRE + 9 * math.sin(angle) - 4, math.sin(angle))


def draw_frame(f):
    t = f / FRAMES
    rows = [[SPACE] * SIZE for _ in range(SIZE)]
    seed = 4242
    for i in range(70):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        x, y = seed % SIZE, (seed >> 8) % SIZE
        level = (i + f // 4) % 7
        rows[y][x] = STARS[2 if level == 0 else 1 if level < 3 else 0]
    mx, my, front = moon_at(t)
    for y in range(SIZE):
        for x in range(SIZE):
            d = math.hypot(x + 0.5 - CENTRE, y + 0.5 - CENTRE)
            if RADIUS < d <= RADIUS + 1.2:
                rows[y][x] = GLOW
            c = planet_pixel(x, y, 2 * math.pi * t)
            if c is not None:
                rows[y][x] = c
            dx, dy = (x + 0.5 - mx) / 4.2, (y + 0.5 - my) / 4.2
            if dx * dx + dy * dy <= 1 and (front > 0 or d > RADIUS + 1.2):
                dz = math.sqrt(1 - dx * dx - dy * dy)
                light = max(0.0, dx * LIGHT[0] + dy * LIGHT[1] + dz * LIGHT[2])
                rows[y][x] = shade(MOON, light * 0.95 + 0.05)
    return rows


def main():
    write_sheet(sys.argv[1], [draw_frame(f) for f in range(FRAMES)], PALETTE, COLUMNS)


if __name__ == "__main__":
    main()

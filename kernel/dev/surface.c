// Drawing on a framebuffer (see surface.h).  The framebuffer is only ever
// written, never read back: reads from video memory are slow on real
// hardware.
#include <stdint.h>

#include "dev/surface.h"

// 8-bit intensity value into the bits of mask.
static uint32_t channel(uint32_t value, uint32_t mask)
{
    if (!mask)
        return 0;
    uint32_t shift = __builtin_ctz(mask);
    uint32_t max = mask >> shift;
    return (value * max / 255) << shift & mask;
}

uint32_t surface_pixel(const struct surface *s, uint32_t rgb)
{
    return channel(rgb >> 16 & 0xFF, s->mask[0]) | channel(rgb >> 8 & 0xFF, s->mask[1]) |
           channel(rgb & 0xFF, s->mask[2]);
}

void surface_fill(const struct surface *s, struct rect r, uint32_t value)
{
    if (r.x >= s->width || r.y >= s->height)
        return;
    if (r.w > s->width - r.x)
        r.w = s->width - r.x;
    if (r.h > s->height - r.y)
        r.h = s->height - r.y;
    for (uint32_t y = r.y; y < r.y + r.h; y++)
        surface_put(surface_at(s, r.x, y), r.w, value, s->bytes_per_pixel);
}

// Pixel fx of a glyph's row: ink where its bit is set, the leftmost pixel
// in the first byte's top bit.
static uint32_t glyph_pixel(const uint8_t *line, uint32_t fx, uint32_t ink, uint32_t paper)
{
    return line[fx / 8] & (0x80 >> fx % 8) ? ink : paper;
}

void surface_glyph(const struct surface *s, uint32_t x, uint32_t y, const uint8_t *bits,
                   uint32_t width, uint32_t height, uint32_t row_bytes, uint32_t scale,
                   uint32_t ink, uint32_t paper)
{
    if (x >= s->width || y >= s->height || width * scale > s->width - x ||
        height * scale > s->height - y)
        return;
    for (uint32_t gy = 0; gy < height * scale; gy++) {
        const uint8_t *line = bits + gy / scale * row_bytes;
        uint8_t *p = surface_at(s, x, y + gy);
        // The log's text is most of what is drawn a cell at a time: on the
        // usual 32-bit framebuffer a plain store a pixel, the bits shifted
        // out of each byte, instead of a call and a string instruction.
        if (s->bytes_per_pixel == 4) {
            uint32_t *q = (uint32_t *)p;
            for (uint32_t fx = 0; fx < width; fx += 8) {
                uint32_t byte = line[fx / 8];
                for (uint32_t b = fx; b < fx + 8 && b < width; b++, byte <<= 1) {
                    uint32_t value = byte & 0x80 ? ink : paper;
                    for (uint32_t k = 0; k < scale; k++)
                        *q++ = value;
                }
            }
            continue;
        }
        for (uint32_t fx = 0; fx < width; fx++)
            p = surface_put(p, scale, glyph_pixel(line, fx, ink, paper), s->bytes_per_pixel);
    }
}


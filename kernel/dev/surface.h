// Drawing on a linear framebuffer of any pixel format and stride: pixel
// values, rectangles, glyphs.  Pure functions of their arguments, so host
// tests run them on buffers that stand in for a framebuffer; the text
// console and the game console's compositor both draw with them.
#ifndef GENESIS_SURFACE_H
#define GENESIS_SURFACE_H

#include <stdint.h>

#include "arch/x86.h"

// A linear framebuffer, or a test's buffer shaped like one.
struct surface {
    uint8_t *base;
    uint32_t width, height;              // pixels
    uint32_t pitch;                      // bytes from one scan line to the next
    uint32_t bytes_per_pixel;            // 1 to 4
    uint32_t mask[3];                    // where red, green and blue sit in a pixel
};

struct rect {
    uint32_t x, y, w, h;
};

// The pixel value for colour 0xRRGGBB in s's format.
uint32_t surface_pixel(const struct surface *s, uint32_t rgb);

// Fills r (clipped to s) with a pixel value.
void surface_fill(const struct surface *s, struct rect r, uint32_t value);

// Draws one glyph of a bitmap font (rows of row_bytes bytes, high bit
// leftmost) with its top-left corner at (x, y), each font pixel scale x
// scale: set bits in ink, the rest in paper.  Glyphs that would cross the
// edge of s are not drawn.
void surface_glyph(const struct surface *s, uint32_t x, uint32_t y, const uint8_t *bits,
                   uint32_t width, uint32_t height, uint32_t row_bytes, uint32_t scale,
                   uint32_t ink, uint32_t paper);

// The address of pixel (x, y), which must lie inside s.
static inline uint8_t *surface_at(const struct surface *s, uint32_t x, uint32_t y)
{
    return s->base + y * s->pitch + x * s->bytes_per_pixel;
}

// Writes n pixels of one value from p on and returns the address past them:
// the compositor's inner loop, inline in it.  Pixels of 32 bits are stored
// by the string instruction, one a step.
static inline uint8_t *surface_put(uint8_t *p, uint32_t n, uint32_t value,
                                   uint32_t bytes_per_pixel)
{
    if (bytes_per_pixel == 4) {
        stosl(p, value, n);
        return p + 4 * n;
    }
    while (n--)
        for (uint32_t i = 0; i < bytes_per_pixel; i++)
            *p++ = value >> (8 * i);
    return p;
}

#endif

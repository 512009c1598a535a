// Shapes and sprites (gfx.h).  Every routine clips in 64-bit arithmetic,
// so no sum of hostile coordinates and sizes can wrap around onto the
// screen, and loops run over the visible part only.
#include <stdint.h>

#include "gfx.h"

#define LINE_SPAN      4096          // longer lines are halved before they are drawn

// [*lo, *hi): the part of [a, a + n) inside [0, size), empty when n <= 0.
static void clip(int64_t a, int64_t n, int64_t size, int *lo, int *hi)
{
    int64_t l = a < 0 ? 0 : a, h = a + n > size ? size : a + n;

    *lo = (int)(l < size ? l : size);
    *hi = (int)(h > *lo ? h : *lo);
}

static void fill(uint8_t *s, int64_t x, int64_t y, int64_t w, int64_t h, uint8_t c)
{
    int x0, x1, y0, y1;

    clip(x, w, GFX_W, &x0, &x1);
    clip(y, h, GFX_H, &y0, &y1);
    for (int row = y0; row < y1; row++)
        for (int col = x0; col < x1; col++)
            s[row * GFX_W + col] = c;
}

void gfx_clear(uint8_t *s, uint8_t c)
{
    fill(s, 0, 0, GFX_W, GFX_H, c);
}

void gfx_pixel(uint8_t *s, int x, int y, uint8_t c)
{
    if ((unsigned)x < GFX_W && (unsigned)y < GFX_H)
        s[y * GFX_W + x] = c;
}

int gfx_get(const uint8_t *s, int x, int y)
{
    return (unsigned)x < GFX_W && (unsigned)y < GFX_H ? s[y * GFX_W + x] : -1;
}

void gfx_rectfill(uint8_t *s, int x, int y, int w, int h, uint8_t c)
{
    fill(s, x, y, w, h, c);
}

void gfx_rect(uint8_t *s, int x, int y, int w, int h, uint8_t c)
{
    if (w <= 0 || h <= 0)
        return;
    fill(s, x, y, w, 1, c);
    fill(s, x, (int64_t)y + h - 1, w, 1, c);
    fill(s, x, (int64_t)y + 1, 1, (int64_t)h - 2, c);
    fill(s, (int64_t)x + w - 1, (int64_t)y + 1, 1, (int64_t)h - 2, c);
}

static int64_t distance(int64_t a, int64_t b)
{
    return a < b ? b - a : a - b;
}

// A line whose box misses the screen draws nothing; a long one is halved
// until the pieces are short, so that Bresenham's steps stay few however
// far off the screen the ends lie.  Pieces away from the screen go at once.
static void line(uint8_t *s, int64_t x0, int64_t y0, int64_t x1, int64_t y1, uint8_t c)
{
    if ((x0 < 0 && x1 < 0) || (x0 >= GFX_W && x1 >= GFX_W) ||
        (y0 < 0 && y1 < 0) || (y0 >= GFX_H && y1 >= GFX_H))
        return;
    if (distance(x0, x1) > LINE_SPAN || distance(y0, y1) > LINE_SPAN) {
        int64_t mx = x0 + ((x1 - x0) >> 1), my = y0 + ((y1 - y0) >> 1);
        line(s, x0, y0, mx, my, c);
        line(s, mx, my, x1, y1, c);
        return;
    }
    // Both ends now lie within LINE_SPAN of the screen: ints hold them.
    int x = (int)x0, y = (int)y0, xe = (int)x1, ye = (int)y1;
    int dx = (int)distance(x0, x1), dy = -(int)distance(y0, y1);
    int sx = x < xe ? 1 : -1, sy = y < ye ? 1 : -1, err = dx + dy;
    for (;;) {
        gfx_pixel(s, x, y, c);
        if (x == xe && y == ye)
            return;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            x += sx;
        }
        if (e2 <= dx) {
            err += dx;
            y += sy;
        }
    }
}

void gfx_line(uint8_t *s, int x0, int y0, int x1, int y1, uint8_t c)
{
    line(s, x0, y0, x1, y1, c);
}

// The offsets i in [0, n) of a sprite's row (or column) that are both in
// its frame (src + i in [0, 64)) and on the screen (at + i, or mirrored
// at + n - 1 - i, in [0, 64)).
static void visible(int src, int n, int at, int mirrored, int size, int *lo, int *hi)
{
    int64_t l = -(int64_t)src, h = (int64_t)size - src;
    int64_t dl = mirrored ? (int64_t)at + n - size : -(int64_t)at;
    int64_t dh = mirrored ? (int64_t)at + n : (int64_t)size - at;

    if (l < dl)
        l = dl;
    if (h > dh)
        h = dh;
    clip(l, h - l, n, lo, hi);
}

int gfx_sprite(uint8_t *s, const struct gfx_art *art, const struct gfx_sprite *spr, int x, int y,
               int key, unsigned flags)
{
    int i0, i1, j0, j1;

    if (spr->frame >= art->count)
        return -1;
    if (spr->w <= 0 || spr->h <= 0)
        return 0;
    const uint8_t *frame = art->frames + spr->frame * GENESIS_FRAME_SIZE;
    visible(spr->x, spr->w, x, flags & GFX_FLIP_X, GFX_W, &i0, &i1);
    visible(spr->y, spr->h, y, flags & GFX_FLIP_Y, GFX_H, &j0, &j1);
    // Past clipping every index below is inside the frame and the screen.
    int step = flags & GFX_FLIP_X ? -1 : 1;
    int64_t first = flags & GFX_FLIP_X ? (int64_t)x + spr->w - 1 - i0 : (int64_t)x + i0;
    for (int j = j0; j < j1; j++) {
        int64_t row = flags & GFX_FLIP_Y ? (int64_t)y + spr->h - 1 - j : (int64_t)y + j;
        const uint8_t *from = frame + (((int64_t)spr->y + j) * GENESIS_FRAME_WIDTH + spr->x + i0);
        int to = (int)(row * GFX_W + first);
        for (int i = i0; i < i1; i++, to += step) {
            uint8_t c = *from++;
            if (c != key)
                s[to] = c;
        }
    }
    return 0;
}

// The compositor's pixel math (see compose.h).  The framebuffer is only ever
// written, never read back: reads from video memory are slow on real
// hardware, so every comparison is made against the copy in `shown`.
#include <stdint.h>

#include "console/compose.h"
#include "lib/kstring.h"
#include "arch/x86.h"

#define SSE_CHUNK           128          // bytes sse_copy_lines moves at a time

// One scaled row of a window, built once and copied to each of its `scale`
// scan lines; aligned for the SSE loads.
static uint8_t row_pixels[SCREEN_SIZE * MAX_SCALE * 4] __attribute__((aligned(16)));

// The scale at which a grid of columns x rows fits in width x height, each
// window with a label row of `line` pixels above it.
static uint32_t grid_scale(uint32_t width, uint32_t height, uint32_t line, uint32_t columns,
                           uint32_t rows)
{
    uint32_t gaps_x = (columns - 1) * WINDOW_GAP, gaps_y = (rows - 1) * WINDOW_GAP;

    if (width < gaps_x || height < gaps_y)
        return 0;
    uint32_t cell_w = (width - gaps_x) / columns, cell_h = (height - gaps_y) / rows;
    if (cell_h < line)
        return 0;
    uint32_t across = cell_w / SCREEN_SIZE, down = (cell_h - line) / SCREEN_SIZE;
    uint32_t scale = across < down ? across : down;
    return scale < MAX_SCALE ? scale : MAX_SCALE;
}

uint32_t compose_layout(uint32_t width, uint32_t height, uint32_t line, uint32_t windows,
                        struct layout *out)
{
    uint32_t text_rows = line ? height / line : 0;

    memset(out, 0, sizeof(*out));
    if (text_rows < 2)
        return 0;
    out->status = (struct rect){ 0, 0, width, line };
    uint32_t log_rows = text_rows - 1 < LOG_LINES ? text_rows - 1 : LOG_LINES;
    out->log = (struct rect){ 0, (text_rows - log_rows) * line, width, log_rows * line };
    if (windows == 0 || windows > MAX_WINDOWS)
        return 0;

    // The grid with the largest scale; of equal ones, the fewest empty
    // cells, then the fewest columns.
    uint32_t top = line, height_left = out->log.y - top;
    uint32_t best = 0, best_columns = 0, best_rows = 0;
    for (uint32_t columns = 1; columns <= windows; columns++) {
        uint32_t rows = (windows + columns - 1) / columns;
        uint32_t scale = grid_scale(width, height_left, line, columns, rows);
        if (scale > best || (scale == best && scale && columns * rows < best_columns * best_rows)) {
            best = scale;
            best_columns = columns;
            best_rows = rows;
        }
    }
    if (best == 0)
        return 0;

    uint32_t side = SCREEN_SIZE * best;
    uint32_t block_h = best_rows * (line + side) + (best_rows - 1) * WINDOW_GAP;
    uint32_t y0 = top + (height_left - block_h) / 2;
    for (uint32_t i = 0; i < windows; i++) {
        uint32_t row = i / best_columns, column = i % best_columns;
        // A last row that is not full is centred too.
        uint32_t in_row = row + 1 < best_rows ? best_columns : windows - row * best_columns;
        uint32_t row_w = in_row * side + (in_row - 1) * WINDOW_GAP;
        uint32_t x = (width - row_w) / 2 + column * (side + WINDOW_GAP);
        uint32_t y = y0 + row * (line + side + WINDOW_GAP);
        out->label[i] = (struct rect){ x, y, side, line };
        out->window[i] = (struct rect){ x, y + line, side, side };
    }
    out->windows = windows;
    out->columns = best_columns;
    out->rows = best_rows;
    out->scale = best;
    return best;
}

void compose_palette(const struct surface *s, const uint8_t *rgb, uint32_t count,
                     uint32_t out[PALETTE_SIZE])
{
    for (uint32_t i = 0; i < PALETTE_SIZE; i++) {
        uint32_t colour = i * 0x010101;
        if (i < count)
            colour = (uint32_t)rgb[3 * i] << 16 | (uint32_t)rgb[3 * i + 1] << 8 | rgb[3 * i + 2];
        out[i] = surface_pixel(s, colour);
    }
}

// Word by word: the rows are 64 bytes and word aligned.
static int same_row(const uint8_t *a, const uint8_t *b)
{
    const uint32_t *x = (const uint32_t *)a, *y = (const uint32_t *)b;

    for (uint32_t i = 0; i < SCREEN_SIZE / 4; i++)
        if (x[i] != y[i])
            return 0;
    return 1;
}

// row_pixels: the task row scaled across, one palette lookup a pixel.
static void build_row(const uint8_t *src, uint32_t scale, const uint32_t palette[PALETTE_SIZE],
                      uint32_t bytes_per_pixel)
{
    // The usual 32-bit framebuffer has a loop of its own, the pixel size
    // known: a lookup and one string instruction a task pixel.
    if (bytes_per_pixel == 4) {
        uint32_t *q = (uint32_t *)row_pixels;
        for (const uint8_t *end = src + SCREEN_SIZE; src < end; src++, q += scale)
            stosl(q, palette[*src], scale);
        return;
    }
    uint8_t *p = row_pixels;
    for (uint32_t i = 0; i < SCREEN_SIZE; i++)
        p = surface_put(p, scale, palette[src[i]], bytes_per_pixel);
}

uint32_t compose_screen(const struct surface *s, uint32_t x, uint32_t y, uint32_t scale,
                        const uint8_t screen[SCREEN_BYTES], uint8_t shown[SCREEN_BYTES],
                        const uint32_t palette[PALETTE_SIZE], uint32_t how)
{
    uint32_t row_bytes = SCREEN_SIZE * scale * s->bytes_per_pixel;
    int sse = (how & COMPOSE_SSE) && row_bytes % SSE_CHUNK == 0;
    uint8_t *line = surface_at(s, x, y);
    uint32_t drawn = 0;

    for (uint32_t row = 0; row < SCREEN_SIZE; row++, line += scale * s->pitch) {
        const uint8_t *src = screen + row * SCREEN_SIZE;
        uint8_t *old = shown + row * SCREEN_SIZE;
        if (!(how & COMPOSE_ALL) && same_row(src, old))
            continue;
        movsl(old, src, SCREEN_SIZE / 4);
        build_row(src, scale, palette, s->bytes_per_pixel);
        if (sse) {
            sse_copy_lines(line, s->pitch, row_pixels, row_bytes, scale);
        } else {
            // 64 x scale pixels are always a whole number of words.
            for (uint32_t k = 0; k < scale; k++)
                movsl(line + k * s->pitch, row_pixels, row_bytes / 4);
        }
        drawn++;
    }
    return drawn;
}

// The compositor's pixel math: where the windows go on a screen of any size,
// and how a 64 x 64 task screen is scaled onto a framebuffer of any pixel
// format and stride (dev/surface.h draws the rectangles and the text).  Pure
// functions of their arguments (no kernel state, no hardware), so host tests
// run them on buffers that stand in for a framebuffer.
#ifndef GENESIS_COMPOSE_H
#define GENESIS_COMPOSE_H

#include <stdint.h>

#include "dev/surface.h"

#define SCREEN_SIZE         64           // a task screen is 64 x 64 pixels, one palette index each
#define SCREEN_BYTES        (SCREEN_SIZE * SCREEN_SIZE) // 4096: one page, and one reader frame
#define MAX_WINDOWS         4            // one per task, A-D
#define MAX_SCALE           32           // screen pixels per task pixel, at most
#define WINDOW_GAP          8            // pixels between two windows of the grid
#define LOG_LINES           4            // text rows kept for the log below the grid
#define PALETTE_SIZE        256

// compose_screen's `how`.
#define COMPOSE_ALL         0x1          // every row, not only those that differ from `shown`
#define COMPOSE_SSE         0x2          // scan lines copied with SSE moves: the caller has
                                         // turned SSE on (arch/x86.h, sse_copy_lines)

// Where everything goes.  Text rows are `line` pixels high and start at
// y = 0: the status bar is row 0, the log the rows from log.y down, and the
// windows, each with its label row above it, sit centred between the two.
struct layout {
    uint32_t windows;                    // 0 to MAX_WINDOWS
    uint32_t columns, rows;              // of the grid
    uint32_t scale;                      // a window is SCREEN_SIZE * scale pixels square
    struct rect status;
    struct rect label[MAX_WINDOWS];
    struct rect window[MAX_WINDOWS];
    struct rect log;
};

// Lays out `windows` windows on a width x height screen with text rows of
// `line` pixels: the grid (columns x rows) that allows the largest integer
// scale, up to MAX_SCALE; of grids with equal scales, the one with the
// fewest empty cells, then the fewest columns.  On a 4:3 screen one window
// fills the height, two stand side by side, three in a row, four in a 2 x 2
// grid.  Returns the scale, or 0 when not even scale 1 fits (out then has
// the status bar and the log only).
uint32_t compose_layout(uint32_t width, uint32_t height, uint32_t line, uint32_t windows,
                        struct layout *out);

// The pixel values of a cartridge's palette (count entries of r, g, b
// bytes) in s's format.  Indices the palette does not define, all of them
// when it has none, are shades of grey: index i is (i, i, i).
void compose_palette(const struct surface *s, const uint8_t *rgb, uint32_t count,
                     uint32_t out[PALETTE_SIZE]);

// Draws the task screen into the window at (x, y), each pixel scale x scale,
// through palette: only the rows that differ from `shown` (every row with
// COMPOSE_ALL in how), and copies the rows it draws into `shown`, which is
// thereby what the window shows.  A row costs a palette lookup per task
// pixel and one store per window pixel: it is built once, scaled across,
// then copied to its `scale` scan lines (16 bytes a move with COMPOSE_SSE).
// Returns how many rows it drew.  The window must lie inside s and scale be
// at most MAX_SCALE.
uint32_t compose_screen(const struct surface *s, uint32_t x, uint32_t y, uint32_t scale,
                        const uint8_t screen[SCREEN_BYTES], uint8_t shown[SCREEN_BYTES],
                        const uint32_t palette[PALETTE_SIZE], uint32_t how);

#endif

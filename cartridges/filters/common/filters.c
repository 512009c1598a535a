// Four tasks post-process every frame the reader brings, each into a frame
// of its own: A greys it, reading the video buffer through DMA; B inverts
// it, C mirrors it and D finds its edges, each on its own copy.  Every
// second each says how many frames it filtered and a checksum of its last
// result, and each shows its results on its screen.
//
// The palette is RGB 3-3-2 (frames.py): index bits rrrgggbb.
#include <format.h>
#include <genesis.h>
#include <gfx.h>
#include <stdint.h>

#define SIZE        GENESIS_FRAME_WIDTH
#define COPY_ADDR   0x06000000u          // where B, C and D want their copy
#define EDGE        96                   // gradient that makes an edge (0-255 luma)
#define REPORT      16                   // frames between reports: a second at cart.mk's FPS

typedef void filter_fn(const volatile uint8_t *in, uint8_t *out);

static uint8_t out[GENESIS_FRAME_SIZE];
static const struct gfx_art result = { out, 1 };
static const struct gfx_sprite whole = { 0, 0, 0, SIZE, SIZE };

// Luma (0-255) of an RGB 3-3-2 colour, with the usual 77/150/29 weights.
static uint32_t
luma(uint8_t c)
{
    uint32_t r = (c >> 5) * 255 / 7, g = (c >> 2 & 7) * 255 / 7, b = (c & 3) * 255 / 3;

    return (77 * r + 150 * g + 29 * b) >> 8;
}

// The grey of luma y: red and green 3 bits, blue 2.
static uint8_t
grey(uint32_t y)
{
    uint32_t rg = (y * 7 + 127) / 255, b = (y * 3 + 127) / 255;

    return (uint8_t)(rg << 5 | rg << 2 | b);
}

static void
greyscale(const volatile uint8_t *in, uint8_t *o)
{
    for (int i = 0; i < SIZE * SIZE; i++)
        o[i] = grey(luma(in[i]));
}

// Each channel's complement is the index's complement, bit for bit.
static void
invert(const volatile uint8_t *in, uint8_t *o)
{
    for (int i = 0; i < SIZE * SIZE; i++)
        o[i] = (uint8_t)~in[i];
}

static void
mirror(const volatile uint8_t *in, uint8_t *o)
{
    for (int y = 0; y < SIZE; y++)
        for (int x = 0; x < SIZE; x++)
            o[y * SIZE + x] = in[y * SIZE + SIZE - 1 - x];
}

// Sobel on the luma: white where it changes fast, black elsewhere; the
// border, which lacks neighbours, stays black.
static void
edges(const volatile uint8_t *in, uint8_t *o)
{
    static uint8_t y[SIZE * SIZE];

    for (int i = 0; i < SIZE * SIZE; i++) {
        y[i] = (uint8_t)luma(in[i]);
        o[i] = 0;
    }
    for (int r = 1; r < SIZE - 1; r++) {
        for (int c = 1; c < SIZE - 1; c++) {
            const uint8_t *p = &y[r * SIZE + c];
            int gx = p[-SIZE + 1] + 2 * p[1] + p[SIZE + 1] - p[-SIZE - 1] - 2 * p[-1] - p[SIZE - 1];
            int gy = p[SIZE - 1] + 2 * p[SIZE] + p[SIZE + 1] - p[-SIZE - 1] - 2 * p[-SIZE] - p[-SIZE + 1];
            if ((gx < 0 ? -gx : gx) + (gy < 0 ? -gy : gy) > 4 * EDGE)
                o[r * SIZE + c] = 0xFF;
        }
    }
}

static void
report(const char *name, uint32_t frames)
{
    uint32_t sum = 0;

    for (int i = 0; i < SIZE * SIZE; i++)
        sum = sum * 31 + out[i];
    say("%s%u frames, checksum 0x%x", name, frames, sum);
}

int
main(void)
{
    static const struct {
        const char *name;
        uint8_t mode;
        filter_fn *filter;
    } tasks[] = {
        { "greyscale (DMA): ", GENESIS_ACCESS_DMA, greyscale },
        { "invert (copy): ", GENESIS_ACCESS_COPY, invert },
        { "mirror (copy): ", GENESIS_ACCESS_COPY, mirror },
        { "edges (copy): ", GENESIS_ACCESS_COPY, edges },
    };
    const int me = TASK_LETTER - 'A';
    const volatile uint8_t *in = (const volatile uint8_t *)
        (tasks[me].mode == GENESIS_ACCESS_DMA ? GENESIS_DMA_ADDR : COPY_ADDR);

    for (uint32_t frames = 1;; frames++) {
        // Opening again sleeps until the next frame, then the frame stays
        // put for a whole period: time enough for any of the filters.
        GENESIS_ACCESS = tasks[me].mode;
        if (opendevice(COPY_ADDR) != 0) {
            print("the reader refused to open");
            return 1;
        }
        tasks[me].filter(in, out);
        // Onto the screen right after a frame is composed: the copy is
        // done long before the next, so no frame shows it half made.
        wait_frame();
        gfx_sprite(GFX_SCREEN, &result, &whole, 0, 0, GFX_OPAQUE, 0);
        if (frames % REPORT == 0)
            report(tasks[me].name, frames);
    }
}

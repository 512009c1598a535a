// The compositor's pixel math (kernel/console/compose.c): pixel formats, the window
// layout on screens of every shape, and task screens scaled onto buffers of
// every pixel size and stride, checked pixel by pixel against an independent
// reading of the rules.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "console/compose.h"

#define GUARD 0xA5                       // bytes the compositor must not touch
#define LINE  16                         // the console font's row height

static const struct {
    const char *name;
    uint32_t bytes_per_pixel;
    uint32_t mask[3];
} formats[] = {
    { "BGRX", 4, { 0x00FF0000, 0x0000FF00, 0x000000FF } },
    { "RGBX", 4, { 0x000000FF, 0x0000FF00, 0x00FF0000 } },
    { "RGB888", 3, { 0xFF0000, 0x00FF00, 0x0000FF } },
    { "RGB565", 2, { 0xF800, 0x07E0, 0x001F } },
    { "RGB332", 1, { 0xE0, 0x1C, 0x03 } },
};
#define FORMATS (sizeof(formats) / sizeof(formats[0]))

static struct surface make_surface(size_t format, uint32_t width, uint32_t height, uint32_t pad)
{
    struct surface s = { 0 };

    s.width = width;
    s.height = height;
    s.bytes_per_pixel = formats[format].bytes_per_pixel;
    // A stride wider than the visible line, as GOP modes often have.
    s.pitch = (width + pad) * s.bytes_per_pixel;
    memcpy(s.mask, formats[format].mask, sizeof(s.mask));
    s.base = malloc((size_t)s.pitch * height);
    assert_non_null(s.base);
    memset(s.base, GUARD, (size_t)s.pitch * height);
    return s;
}

// The pixel value stored at (x, y), whatever its size.
static uint32_t read_pixel(const struct surface *s, uint32_t x, uint32_t y)
{
    const uint8_t *p = s->base + (size_t)y * s->pitch + (size_t)x * s->bytes_per_pixel;
    uint32_t value = 0;

    for (uint32_t i = 0; i < s->bytes_per_pixel; i++)
        value |= (uint32_t)p[i] << (8 * i);
    return value;
}

static int is_guard(const struct surface *s, uint32_t x, uint32_t y)
{
    const uint8_t *p = s->base + (size_t)y * s->pitch + (size_t)x * s->bytes_per_pixel;

    for (uint32_t i = 0; i < s->bytes_per_pixel; i++)
        if (p[i] != GUARD)
            return 0;
    return 1;
}

static void pixel_formats(void **state)
{
    (void)state;
    struct surface bgrx = make_surface(0, 1, 1, 0), rgbx = make_surface(1, 1, 1, 0);
    struct surface rgb565 = make_surface(3, 1, 1, 0), rgb332 = make_surface(4, 1, 1, 0);

    assert_int_equal(surface_pixel(&bgrx, 0x123456), 0x123456);
    assert_int_equal(surface_pixel(&rgbx, 0x123456), 0x563412);
    assert_int_equal(surface_pixel(&rgb565, 0xFFFFFF), 0xFFFF);
    assert_int_equal(surface_pixel(&rgb565, 0xFF0000), 0xF800);
    assert_int_equal(surface_pixel(&rgb565, 0x00FF00), 0x07E0);
    assert_int_equal(surface_pixel(&rgb565, 0x0000FF), 0x001F);
    // Each channel scaled to its width: 128 of 255 is 15 of 31 and 31 of 63.
    assert_int_equal(surface_pixel(&rgb565, 0x808080), 15 << 11 | 31 << 5 | 15);
    assert_int_equal(surface_pixel(&rgb332, 0xFFFFFF), 0xFF);
    assert_int_equal(surface_pixel(&rgb332, 0x000000), 0x00);
    // No mask for a channel: it is simply absent.
    struct surface grey = bgrx;
    grey.mask[0] = grey.mask[2] = 0;
    assert_int_equal(surface_pixel(&grey, 0x12FF34), 0xFF00);
    free(bgrx.base);
    free(rgbx.base);
    free(rgb565.base);
    free(rgb332.base);
}

static int overlap(struct rect a, struct rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static int inside(struct rect inner, uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
    return inner.x >= x && inner.y >= y && inner.x + inner.w <= x + w && inner.y + inner.h <= y + h;
}

// Would any grid hold `windows` windows of `scale` between the status bar and
// the log?  Written from the rule, not from compose.c's arithmetic.
static int some_grid_fits(uint32_t width, uint32_t top, uint32_t bottom, uint32_t windows,
                          uint32_t scale)
{
    uint32_t side = SCREEN_SIZE * scale;

    for (uint32_t columns = 1; columns <= windows; columns++) {
        uint32_t rows = (windows + columns - 1) / columns;
        uint64_t w = (uint64_t)columns * side + (columns - 1) * WINDOW_GAP;
        uint64_t h = (uint64_t)rows * (LINE + side) + (rows - 1) * WINDOW_GAP;
        if (w <= width && h <= bottom - top)
            return 1;
    }
    return 0;
}

static void check_layout(uint32_t width, uint32_t height, uint32_t windows)
{
    struct layout l;
    uint32_t scale = compose_layout(width, height, LINE, windows, &l);

    // The status bar is text row 0; the log is the last LOG_LINES rows.
    assert_int_equal(l.status.y, 0);
    assert_int_equal(l.status.h, LINE);
    assert_int_equal(l.status.w, width);
    assert_int_equal(l.log.y % LINE, 0);
    assert_int_equal(l.log.h, LOG_LINES * LINE);
    assert_int_equal(l.log.y + l.log.h, height / LINE * LINE);
    assert_int_equal(l.scale, scale);
    if (scale == 0) {
        assert_false(some_grid_fits(width, LINE, l.log.y, windows, 1));
        return;
    }
    assert_true(scale <= MAX_SCALE);
    assert_int_equal(l.windows, windows);
    assert_true(l.columns * l.rows >= windows);
    assert_true(some_grid_fits(width, LINE, l.log.y, windows, scale));
    if (scale < MAX_SCALE)
        assert_false(some_grid_fits(width, LINE, l.log.y, windows, scale + 1));

    uint32_t left = width, right = 0, top = height, bottom = 0;
    for (uint32_t i = 0; i < windows; i++) {
        struct rect w = l.window[i], label = l.label[i];
        assert_int_equal(w.w, SCREEN_SIZE * scale);
        assert_int_equal(w.h, SCREEN_SIZE * scale);
        // The label is the text row right above its window.
        assert_int_equal(label.x, w.x);
        assert_int_equal(label.w, w.w);
        assert_int_equal(label.h, LINE);
        assert_int_equal(label.y + LINE, w.y);
        assert_true(inside(label, 0, LINE, width, l.log.y - LINE));
        assert_true(inside(w, 0, LINE, width, l.log.y - LINE));
        for (uint32_t j = 0; j < i; j++) {
            assert_false(overlap(w, l.window[j]));
            assert_false(overlap(w, l.label[j]));
            assert_false(overlap(label, l.window[j]));
            assert_false(overlap(label, l.label[j]));
        }
        // Letters read left to right, then top to bottom.
        if (i > 0)
            assert_true(label.y > l.label[i - 1].y ||
                        (label.y == l.label[i - 1].y && label.x > l.label[i - 1].x));
        left = label.x < left ? label.x : left;
        right = w.x + w.w > right ? w.x + w.w : right;
        top = label.y < top ? label.y : top;
        bottom = w.y + w.h > bottom ? w.y + w.h : bottom;
    }
    // The block is centred between the status bar and the log, within a pixel.
    assert_true(left - (width - right) + 1 <= 2);
    assert_true((top - LINE) - (l.log.y - bottom) + 1 <= 2);
}

static void layouts(void **state)
{
    (void)state;
    static const uint32_t sizes[][2] = {
        { 1024, 768 }, { 800, 600 }, { 640, 480 }, { 1280, 800 }, { 1920, 1080 },
        { 768, 1024 }, { 3840, 2160 }, { 320, 200 }, { 300, 1000 }, { 16384, 16384 },
    };
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        for (uint32_t windows = 1; windows <= MAX_WINDOWS; windows++)
            check_layout(sizes[i][0], sizes[i][1], windows);
}

static void layouts_at_1024x768(void **state)
{
    (void)state;
    struct layout l;

    // One task fills the height; two side by side; three in a row; four 2 x 2.
    assert_int_equal(compose_layout(1024, 768, LINE, 1, &l), 10);
    assert_int_equal(compose_layout(1024, 768, LINE, 2, &l), 7);
    assert_int_equal(l.columns, 2);
    assert_int_equal(compose_layout(1024, 768, LINE, 3, &l), 5);
    assert_int_equal(l.columns, 3);
    assert_int_equal(compose_layout(1024, 768, LINE, 4, &l), 5);
    assert_int_equal(l.columns, 2);
    assert_int_equal(l.rows, 2);
    // 320 + 8 + 320 across 1024: 188 on either side.
    assert_int_equal(l.window[0].x, 188);
    assert_int_equal(l.window[1].x, 188 + 320 + 8);
}

static void layouts_that_do_not_fit(void **state)
{
    (void)state;
    struct layout l;

    assert_int_equal(compose_layout(1024, 768, LINE, 0, &l), 0);
    assert_int_equal(compose_layout(1024, 768, LINE, 5, &l), 0);
    assert_int_equal(compose_layout(60, 768, LINE, 1, &l), 0);
    assert_int_equal(compose_layout(1024, 100, LINE, 1, &l), 0);
    assert_int_equal(compose_layout(1024, 10, LINE, 1, &l), 0);
    assert_int_equal(l.status.h, 0);
    assert_int_equal(compose_layout(1024, 768, 0, 1, &l), 0);
    // The largest scale is capped, so the row buffer is bounded.
    assert_int_equal(compose_layout(16384, 16384, LINE, 1, &l), MAX_SCALE);
}

static void palettes(void **state)
{
    (void)state;
    struct surface s = make_surface(0, 1, 1, 0);
    static const uint8_t rgb[] = { 0x10, 0x20, 0x30, 0xFF, 0x00, 0x80 };
    uint32_t palette[PALETTE_SIZE];

    compose_palette(&s, rgb, 2, palette);
    assert_int_equal(palette[0], 0x102030);
    assert_int_equal(palette[1], 0xFF0080);
    assert_int_equal(palette[2], 0x020202);
    assert_int_equal(palette[255], 0xFFFFFF);
    compose_palette(&s, NULL, 0, palette);
    assert_int_equal(palette[0], 0x000000);
    assert_int_equal(palette[0x7F], 0x7F7F7F);
    free(s.base);
}

// A screen whose every pixel differs from its neighbours, and a palette whose
// entries differ in every format (i * 37 walks through all 256 values).
static void fill_test_screen(uint8_t *screen, uint32_t seed)
{
    for (uint32_t i = 0; i < SCREEN_BYTES; i++)
        screen[i] = (uint8_t)((i % SCREEN_SIZE) * 5 + (i / SCREEN_SIZE) * 3 + seed);
}

// Every pixel of the window at (x, y) is palette[screen[...]], every pixel
// outside it the guard.
static void check_window(const struct surface *s, uint32_t x, uint32_t y, uint32_t scale,
                         const uint8_t *screen, const uint32_t *palette)
{
    uint32_t side = SCREEN_SIZE * scale;
    uint32_t mask = s->bytes_per_pixel == 4 ? 0xFFFFFFFF : (1u << (8 * s->bytes_per_pixel)) - 1;

    for (uint32_t py = 0; py < s->height; py++) {
        for (uint32_t px = 0; px < s->pitch / s->bytes_per_pixel; px++) {
            if (px >= x && px < x + side && py >= y && py < y + side) {
                uint8_t index = screen[(py - y) / scale * SCREEN_SIZE + (px - x) / scale];
                assert_int_equal(read_pixel(s, px, py), palette[index] & mask);
            } else {
                assert_true(is_guard(s, px, py));
            }
        }
    }
}

static void screens_scaled_in_every_format(void **state)
{
    (void)state;
    static uint8_t screen[SCREEN_BYTES] __attribute__((aligned(4)));
    static uint8_t shown[SCREEN_BYTES] __attribute__((aligned(4)));
    static const uint8_t rgb[] = { 0xFF, 0x00, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x00, 0xFF };
    uint32_t palette[PALETTE_SIZE];

    fill_test_screen(screen, 0);
    // With SSE moves and without, at unaligned window addresses: the same
    // pixels (rows of 3-byte pixels are not a whole number of SSE chunks
    // and take the plain copy).
    for (uint32_t how = COMPOSE_ALL; how <= (COMPOSE_ALL | COMPOSE_SSE); how += COMPOSE_SSE) {
        for (size_t f = 0; f < FORMATS; f++) {
            for (uint32_t scale = 1; scale <= 5; scale++) {
                uint32_t side = SCREEN_SIZE * scale;
                struct surface s = make_surface(f, side + 13, side + 7, 3);
                compose_palette(&s, rgb, 3, palette);
                memset(shown, 0, sizeof(shown));
                assert_int_equal(compose_screen(&s, 5, 3, scale, screen, shown, palette, how),
                                 SCREEN_SIZE);
                check_window(&s, 5, 3, scale, screen, palette);
                assert_memory_equal(shown, screen, SCREEN_BYTES);
                free(s.base);
            }
        }
    }
}

static void only_changed_rows_are_drawn(void **state)
{
    (void)state;
    static uint8_t screen[SCREEN_BYTES] __attribute__((aligned(4)));
    static uint8_t shown[SCREEN_BYTES] __attribute__((aligned(4)));
    uint32_t palette[PALETTE_SIZE];
    const uint32_t scale = 3, x = 2, y = 1;
    struct surface s = make_surface(0, SCREEN_SIZE * scale + 4, SCREEN_SIZE * scale + 2, 0);

    compose_palette(&s, NULL, 0, palette);
    fill_test_screen(screen, 1);
    memset(shown, 0, sizeof(shown));
    compose_screen(&s, x, y, scale, screen, shown, palette, 0);
    check_window(&s, x, y, scale, screen, palette);

    // Nothing changed: nothing drawn.
    assert_int_equal(compose_screen(&s, x, y, scale, screen, shown, palette, 0), 0);

    // Rows 7 and 63 change.  The framebuffer is scribbled over (as if
    // something else had drawn there) to see which scan lines get redrawn.
    screen[7 * SCREEN_SIZE + 10] ^= 0xFF;
    screen[63 * SCREEN_SIZE + 63] ^= 0x0F;
    memset(s.base, 0x3C, (size_t)s.pitch * s.height);
    assert_int_equal(compose_screen(&s, x, y, scale, screen, shown, palette, 0), 2);
    assert_memory_equal(shown, screen, SCREEN_BYTES);
    for (uint32_t py = 0; py < s.height; py++) {
        uint32_t row = py >= y ? (py - y) / scale : SCREEN_SIZE;
        int redrawn = py >= y && (row == 7 || row == 63);
        for (uint32_t px = 0; px < s.width; px++) {
            uint32_t value = read_pixel(&s, px, py);
            if (redrawn && px >= x && px < x + SCREEN_SIZE * scale)
                assert_int_equal(value, palette[screen[row * SCREEN_SIZE + (px - x) / scale]]);
            else
                assert_int_equal(value, 0x3C3C3C3C);
        }
    }

    // COMPOSE_ALL redraws every row.
    assert_int_equal(compose_screen(&s, x, y, scale, screen, shown, palette, COMPOSE_ALL),
                     SCREEN_SIZE);
    free(s.base);
}

static void the_largest_scale(void **state)
{
    (void)state;
    static uint8_t screen[SCREEN_BYTES] __attribute__((aligned(4)));
    static uint8_t shown[SCREEN_BYTES] __attribute__((aligned(4)));
    uint32_t palette[PALETTE_SIZE];
    uint32_t side = SCREEN_SIZE * MAX_SCALE;
    struct surface s = make_surface(0, side, side, 0);

    compose_palette(&s, NULL, 0, palette);
    fill_test_screen(screen, 2);
    compose_screen(&s, 0, 0, MAX_SCALE, screen, shown, palette, COMPOSE_ALL | COMPOSE_SSE);
    check_window(&s, 0, 0, MAX_SCALE, screen, palette);
    free(s.base);
}

static void fills_are_clipped(void **state)
{
    (void)state;
    for (size_t f = 0; f < FORMATS; f++) {
        struct surface s = make_surface(f, 20, 10, 2);
        uint32_t value = surface_pixel(&s, 0x336699);
        uint32_t mask = s.bytes_per_pixel == 4 ? 0xFFFFFFFF : (1u << (8 * s.bytes_per_pixel)) - 1;

        surface_fill(&s, (struct rect){ 15, 8, 100, 100 }, value);
        surface_fill(&s, (struct rect){ 20, 0, 5, 5 }, value);  // wholly outside
        surface_fill(&s, (struct rect){ 0, 10, 5, 5 }, value);
        for (uint32_t y = 0; y < 10; y++)
            for (uint32_t x = 0; x < 22; x++)
                if (x >= 15 && x < 20 && y >= 8)
                    assert_int_equal(read_pixel(&s, x, y), value & mask);
                else
                    assert_true(is_guard(&s, x, y));
        free(s.base);
    }
}

static void glyphs(void **state)
{
    (void)state;
    // A 10 x 3 glyph (two bytes a row): a frame with a dot in the middle.
    static const uint8_t bits[] = { 0xFF, 0xC0, 0x88, 0x40, 0xFF, 0xC0 };
    struct surface s = make_surface(0, 40, 12, 0);
    const uint32_t ink = 0x00FFFFFF, paper = 0x00000010;

    surface_glyph(&s, 3, 2, bits, 10, 3, 2, 2, ink, paper);
    for (uint32_t y = 0; y < 12; y++) {
        for (uint32_t x = 0; x < 40; x++) {
            if (x < 3 || x >= 23 || y < 2 || y >= 8) {
                assert_true(is_guard(&s, x, y));
                continue;
            }
            uint32_t gx = (x - 3) / 2, gy = (y - 2) / 2;
            int set = bits[gy * 2 + gx / 8] & (0x80 >> gx % 8);
            assert_int_equal(read_pixel(&s, x, y), set ? ink : paper);
        }
    }
    // A glyph that would cross the edge is left out whole.
    memset(s.base, GUARD, (size_t)s.pitch * s.height);
    surface_glyph(&s, 35, 0, bits, 10, 3, 2, 1, ink, paper);
    surface_glyph(&s, 0, 10, bits, 10, 3, 2, 1, ink, paper);
    surface_glyph(&s, 40, 0, bits, 10, 3, 2, 1, ink, paper);
    for (uint32_t y = 0; y < 12; y++)
        for (uint32_t x = 0; x < 40; x++)
            assert_true(is_guard(&s, x, y));
    free(s.base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pixel_formats),
        cmocka_unit_test(layouts),
        cmocka_unit_test(layouts_at_1024x768),
        cmocka_unit_test(layouts_that_do_not_fit),
        cmocka_unit_test(palettes),
        cmocka_unit_test(screens_scaled_in_every_format),
        cmocka_unit_test(only_changed_rows_are_drawn),
        cmocka_unit_test(the_largest_scale),
        cmocka_unit_test(fills_are_clipped),
        cmocka_unit_test(glyphs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

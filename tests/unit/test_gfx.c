// The SDK's drawing library (cartridges/sdk/gfx.c, text.c, rnd.c) on a
// buffer in host memory, with guard bytes on both sides: every routine is
// checked against a pixel-by-pixel reading of gfx.h's rules, and hostile
// arguments (huge or negative coordinates and sizes, sprites outside their
// frame, frames the art lacks) must leave the guards and the rest alone.
#include <limits.h>
#include <stdint.h>

// genesis.h has an `exit` of its own (the service): renamed here, so that
// the C library's may follow.
#define exit genesis_exit
#include "gfx.h"
#undef exit

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define W        GFX_W
#define H        GFX_H
#define GUARD    256
#define FILL     0xA5                    // the guards' bytes
#define PAPER    7                       // the screen's colour before each drawing
#define INK      200

static uint8_t memory[GUARD + W * H + GUARD];
static uint8_t *const screen = memory + GUARD;
static uint8_t expected[W * H];

static void fresh(void)
{
    memset(memory, FILL, sizeof memory);
    memset(screen, PAPER, W * H);
    memset(expected, PAPER, sizeof expected);
}

// The screen is what the test expects, and no byte around it changed.
static void check(void)
{
    for (int i = 0; i < GUARD; i++) {
        assert_int_equal(memory[i], FILL);
        assert_int_equal(memory[GUARD + W * H + i], FILL);
    }
    for (int i = 0; i < W * H; i++)
        if (screen[i] != expected[i])
            fail_msg("pixel (%d, %d) is %u, expected %u", i % W, i / W, screen[i], expected[i]);
}

static int64_t drawn(void)
{
    int64_t n = 0;

    for (int i = 0; i < W * H; i++)
        n += screen[i] != PAPER;
    return n;
}

// ---- shapes -------------------------------------------------------------------

static void test_clear_paints_every_pixel(void **state)
{
    (void)state;
    fresh();
    gfx_clear(screen, INK);
    memset(expected, INK, sizeof expected);
    check();
}

static void test_pixel_draws_one_pixel_or_none_off_screen(void **state)
{
    static const int off[][2] = {
        { -1, 0 }, { 0, -1 }, { W, 0 }, { 0, H }, { INT_MIN, INT_MIN }, { INT_MAX, INT_MAX },
        { INT_MIN, 5 }, { 5, INT_MAX }, { W + INT_MIN, 3 },
    };

    (void)state;
    fresh();
    gfx_pixel(screen, 0, 0, 1);
    gfx_pixel(screen, W - 1, H - 1, 2);
    gfx_pixel(screen, 5, 9, 3);
    expected[0] = 1;
    expected[W * H - 1] = 2;
    expected[9 * W + 5] = 3;
    for (size_t i = 0; i < sizeof off / sizeof off[0]; i++)
        gfx_pixel(screen, off[i][0], off[i][1], INK);
    check();
    assert_int_equal(gfx_get(screen, 5, 9), 3);
    assert_int_equal(gfx_get(screen, W - 1, H - 1), 2);
    assert_int_equal(gfx_get(screen, 1, 1), PAPER);
    for (size_t i = 0; i < sizeof off / sizeof off[0]; i++)
        assert_int_equal(gfx_get(screen, off[i][0], off[i][1]), -1);
}

// Rectangles of every kind: inside, across each edge, bigger than the
// screen, empty, negative, and with sums that overflow an int.
static const int rects[][4] = {
    { 3, 4, 10, 6 }, { -5, -5, 10, 10 }, { 60, 60, 100, 100 }, { -100, 30, 300, 2 },
    { 10, 10, 0, 5 }, { 10, 10, 5, 0 }, { 10, 10, -5, 5 }, { 10, 10, 5, INT_MIN },
    { INT_MIN, INT_MIN, INT_MAX, INT_MAX }, { INT_MAX, 0, INT_MAX, 10 }, { -5, 3, INT_MAX, 2 },
    { INT_MIN, 0, 10, 10 }, { 0, 0, W, H }, { 63, 63, 1, 1 }, { 1, 1, 1, 1 },
    { 0, INT_MIN + 10, 5, INT_MAX }, { -1, -1, 66, 66 },
};
#define RECTS (sizeof rects / sizeof rects[0])

static int inside(int64_t v, int64_t from, int64_t n)
{
    return v >= from && v < from + n;
}

static void test_rectfill_fills_exactly_its_visible_part(void **state)
{
    (void)state;
    for (size_t r = 0; r < RECTS; r++) {
        int64_t x = rects[r][0], y = rects[r][1], w = rects[r][2], h = rects[r][3];
        fresh();
        gfx_rectfill(screen, rects[r][0], rects[r][1], rects[r][2], rects[r][3], INK);
        for (int py = 0; py < H; py++)
            for (int px = 0; px < W; px++)
                if (inside(px, x, w) && inside(py, y, h))
                    expected[py * W + px] = INK;
        check();
    }
}

static void test_rect_draws_the_outline_only(void **state)
{
    (void)state;
    for (size_t r = 0; r < RECTS; r++) {
        int64_t x = rects[r][0], y = rects[r][1], w = rects[r][2], h = rects[r][3];
        fresh();
        gfx_rect(screen, rects[r][0], rects[r][1], rects[r][2], rects[r][3], INK);
        for (int py = 0; py < H; py++)
            for (int px = 0; px < W; px++)
                if (inside(px, x, w) && inside(py, y, h) &&
                    (px == x || px == x + w - 1 || py == y || py == y + h - 1))
                    expected[py * W + px] = INK;
        check();
    }
}

static void test_lines_along_the_axes_and_diagonals(void **state)
{
    (void)state;
    fresh();
    gfx_line(screen, 2, 5, 40, 5, INK);      // left to right
    gfx_line(screen, 50, 60, 50, 10, INK);   // bottom to top
    gfx_line(screen, 10, 20, 30, 40, INK);   // down and right
    gfx_line(screen, 63, 0, 40, 23, INK);    // down and left
    gfx_line(screen, 7, 7, 7, 7, INK);       // a point
    for (int x = 2; x <= 40; x++)
        expected[5 * W + x] = INK;
    for (int y = 10; y <= 60; y++)
        expected[y * W + 50] = INK;
    for (int i = 0; i <= 20; i++)
        expected[(20 + i) * W + 10 + i] = INK;
    for (int i = 0; i <= 23; i++)
        expected[i * W + 63 - i] = INK;
    expected[7 * W + 7] = INK;
    check();
}

// A line of any slope has one pixel per step of its longer axis, within
// half a pixel of the true line, and both ends; drawn backwards, the same.
static void test_a_sloped_line_is_one_pixel_thick_and_ends_where_asked(void **state)
{
    static const int lines[][4] = { { 3, 7, 60, 29 }, { 5, 60, 20, 2 }, { 62, 1, 0, 40 } };

    (void)state;
    for (size_t l = 0; l < sizeof lines / sizeof lines[0]; l++) {
        int x0 = lines[l][0], y0 = lines[l][1], x1 = lines[l][2], y1 = lines[l][3];
        int dx = abs(x1 - x0), dy = abs(y1 - y0), major = dx > dy ? dx : dy;
        fresh();
        gfx_line(screen, x0, y0, x1, y1, INK);
        assert_int_equal(drawn(), major + 1);
        assert_int_equal(gfx_get(screen, x0, y0), INK);
        assert_int_equal(gfx_get(screen, x1, y1), INK);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (screen[y * W + x] != INK)
                    continue;
                // Distance from the line, times its length: |cross product|.
                int64_t cross = (int64_t)(x - x0) * (y1 - y0) - (int64_t)(y - y0) * (x1 - x0);
                assert_true(llabs(cross) * 2 <= major);
            }
        }
        memcpy(expected, screen, sizeof expected);
        memset(screen, PAPER, W * H);
        gfx_line(screen, x1, y1, x0, y0, INK);
        assert_int_equal(drawn(), major + 1);
    }
}

// Where a line passes midway between two pixels, the step goes both ways
// at once: the same pixels every time, as the boot test's scene relies on.
static void test_a_shallow_line_takes_known_pixels(void **state)
{
    static const int pixels[][2] = { { 0, 0 }, { 1, 1 }, { 2, 1 }, { 3, 2 }, { 4, 2 } };

    (void)state;
    fresh();
    gfx_line(screen, 0, 0, 4, 2, INK);
    for (int i = 0; i < 5; i++)
        expected[pixels[i][1] * W + pixels[i][0]] = INK;
    check();
}

static void test_lines_clip_whatever_their_ends(void **state)
{
    (void)state;
    fresh();
    gfx_line(screen, -1000, 32, 1000, 32, INK);
    gfx_line(screen, INT_MIN, INT_MIN, INT_MAX, INT_MAX, INK);
    gfx_line(screen, 3, INT_MAX, 3, INT_MIN, INK);
    for (int i = 0; i < W; i++) {
        expected[32 * W + i] = INK;
        expected[i * W + i] = INK;
        expected[i * W + 3] = INK;
    }
    // Entirely off the screen, close by and far away: nothing.
    gfx_line(screen, -100, -1, 200, -1, INK);
    gfx_line(screen, W, -50, W, 500, INK);
    gfx_line(screen, INT_MIN, INT_MAX, INT_MAX, INT_MAX, INK);
    gfx_line(screen, INT_MIN, 100, -1, INT_MAX, INK);
    gfx_line(screen, 200, INT_MIN, INT_MAX, -3, INK);
    check();
}

// Halved until its pieces are short, a long line may bend: by two pixels
// at most on the screen.
static void test_a_long_sloped_line_crosses_the_screen_as_a_line(void **state)
{
    (void)state;
    fresh();
    // Through (0, 10) and (63, 31), extended a long way both sides.
    gfx_line(screen, -63 * 3000, 10 - 21 * 3000, 63 * 3000, 10 + 21 * 3000, INK);
    for (int x = 0; x < W; x++) {
        int hits = 0;
        for (int y = 0; y < H; y++) {
            if (screen[y * W + x] != INK)
                continue;
            hits++;
            int64_t cross = (int64_t)x * 21 - (int64_t)(y - 10) * 63;
            assert_true(llabs(cross) <= 2 * 63);
        }
        assert_int_equal(hits, 1);
    }
}

// ---- sprites ---------------------------------------------------------------------

#define FRAMES   2
#define KEY      0                       // the frames' transparent index

static uint8_t frames[FRAMES * GENESIS_FRAME_SIZE];
static const struct gfx_art art = { frames, FRAMES };

static int setup_frames(void **state)
{
    (void)state;
    for (int k = 0; k < FRAMES; k++)
        for (int i = 0; i < (int)GENESIS_FRAME_SIZE; i++)
            // Every tenth pixel transparent, the others telling frame and place apart.
            frames[k * GENESIS_FRAME_SIZE + i] = i % 10 == 3 ? KEY : 1 + (k * 97 + i * 7) % 250;
    return 0;
}

// What gfx.h says a sprite drawn at (x, y) puts at each screen pixel.
static void expect_sprite(const struct gfx_sprite *spr, int x, int y, int key, unsigned flags)
{
    for (int py = 0; py < H; py++) {
        for (int px = 0; px < W; px++) {
            int64_t i = flags & GFX_FLIP_X ? (int64_t)x + spr->w - 1 - px : (int64_t)px - x;
            int64_t j = flags & GFX_FLIP_Y ? (int64_t)y + spr->h - 1 - py : (int64_t)py - y;
            int64_t sx = spr->x + i, sy = spr->y + j;
            if (i < 0 || i >= spr->w || j < 0 || j >= spr->h || sx < 0 || sx >= 64 || sy < 0 ||
                sy >= 64)
                continue;
            uint8_t c = frames[spr->frame * GENESIS_FRAME_SIZE + sy * 64 + sx];
            if (c != key)
                expected[py * W + px] = c;
        }
    }
}

static void test_sprites_flip_clip_and_skip_their_key(void **state)
{
    static const struct gfx_sprite sprites[] = {
        { 0, 0, 0, 12, 3 }, { 1, 5, 9, 7, 11 }, { 1, 0, 0, 64, 64 }, { 0, 60, 58, 10, 10 },
        { 1, -4, -6, 9, 9 }, { 0, 30, 30, 1, 1 }, { 1, 62, 0, 200, 3 },
    };
    static const int places[][2] = { { 0, 0 }, { 20, 17 }, { -3, 40 }, { 58, 60 }, { -8, -8 },
                                     { 63, 0 } };

    (void)state;
    for (size_t s = 0; s < sizeof sprites / sizeof sprites[0]; s++) {
        for (size_t p = 0; p < sizeof places / sizeof places[0]; p++) {
            for (unsigned flags = 0; flags < 4; flags++) {
                for (int key = GFX_OPAQUE; key <= KEY; key++) {
                    fresh();
                    assert_int_equal(gfx_sprite(screen, &art, &sprites[s], places[p][0],
                                                places[p][1], key, flags), 0);
                    expect_sprite(&sprites[s], places[p][0], places[p][1], key, flags);
                    check();
                }
            }
        }
    }
}

static void test_a_sprite_flipped_both_ways_is_turned_half_round(void **state)
{
    const struct gfx_sprite whole = { 1, 0, 0, 64, 64 };

    (void)state;
    fresh();
    gfx_sprite(screen, &art, &whole, 0, 0, GFX_OPAQUE, GFX_FLIP_X | GFX_FLIP_Y);
    for (int i = 0; i < W * H; i++)
        assert_int_equal(screen[i], frames[GENESIS_FRAME_SIZE + W * H - 1 - i]);
}

static void test_hostile_sprites_draw_nothing_outside_their_frame_or_screen(void **state)
{
    static const struct gfx_sprite hostile[] = {
        { 0, INT_MIN, INT_MIN, INT_MAX, INT_MAX }, { 1, INT_MAX, INT_MAX, INT_MAX, INT_MAX },
        { 0, 64, 0, 10, 10 }, { 0, 0, 64, 10, 10 }, { 0, -10, -10, 10, 10 },
        { 1, 0, 0, -5, 10 }, { 1, 0, 0, 10, INT_MIN }, { 0, -2000000000, 5, 2000000010, 3 },
    };
    static const int places[][2] = { { 0, 0 }, { INT_MIN, INT_MIN }, { INT_MAX, INT_MAX },
                                     { INT_MAX - 5, 3 }, { -2000000000, 2 } };

    (void)state;
    for (size_t s = 0; s < sizeof hostile / sizeof hostile[0]; s++) {
        for (size_t p = 0; p < sizeof places / sizeof places[0]; p++) {
            for (unsigned flags = 0; flags < 4; flags++) {
                fresh();
                assert_int_equal(gfx_sprite(screen, &art, &hostile[s], places[p][0],
                                            places[p][1], KEY, flags), 0);
                expect_sprite(&hostile[s], places[p][0], places[p][1], KEY, flags);
                check();
            }
        }
    }
}

static void test_a_frame_the_art_lacks_draws_nothing_and_says_so(void **state)
{
    static const uint32_t missing[] = { FRAMES, FRAMES + 1, 1920, UINT32_MAX };
    const struct gfx_art none = { frames, 0 };
    const struct gfx_sprite first = { 0, 0, 0, 8, 8 };

    (void)state;
    for (size_t m = 0; m < sizeof missing / sizeof missing[0]; m++) {
        const struct gfx_sprite spr = { missing[m], 0, 0, 8, 8 };
        fresh();
        assert_int_equal(gfx_sprite(screen, &art, &spr, 0, 0, GFX_OPAQUE, 0), -1);
        check();
    }
    fresh();
    assert_int_equal(gfx_sprite(screen, &none, &first, 0, 0, GFX_OPAQUE, 0), -1);
    check();
}

// ---- text ----------------------------------------------------------------------

// The pixels text draws, as rows of '#' and '.', from (x, y).
static void expect_rows(int x, int y, const char *const rows[], int n)
{
    for (int r = 0; r < n; r++)
        for (int c = 0; rows[r][c]; c++)
            if (rows[r][c] == '#')
                expected[(y + r) * W + x + c] = INK;
}

static void test_text_draws_the_font_cell_by_cell(void **state)
{
    static const char *const a1[] = {
        ".#...#..", "#.#.##..", "###..#..", "#.#..#..", "#.#.###.",
    };
    static const char *const question[] = { "###", "..#", ".#.", "...", ".#." };

    (void)state;
    fresh();
    gfx_text(screen, 10, 20, "A1", INK);
    expect_rows(10, 20, a1, 5);
    check();
    // Lower case is upper case; a byte the font lacks is '?'.
    fresh();
    gfx_text(screen, 10, 20, "a1", INK);
    expect_rows(10, 20, a1, 5);
    gfx_text(screen, 0, 0, "\x01", INK);
    gfx_text(screen, 0, 6, "\xff", INK);
    gfx_text(screen, 0, 12, "?", INK);
    expect_rows(0, 0, question, 5);
    expect_rows(0, 6, question, 5);
    expect_rows(0, 12, question, 5);
    check();
}

static void test_text_starts_each_line_under_the_first(void **state)
{
    char one[2] = { 0 };

    (void)state;
    fresh();
    gfx_text(screen, 4, 2, "HI\nYOU", INK);
    memcpy(expected, screen, sizeof expected);
    memset(screen, PAPER, W * H);
    const char *letters = "HIYOU";
    const int at[][2] = { { 4, 2 }, { 8, 2 }, { 4, 8 }, { 8, 8 }, { 12, 8 } };
    for (int i = 0; i < 5; i++) {
        one[0] = letters[i];
        gfx_text(screen, at[i][0], at[i][1], one, INK);
    }
    check();
}

static void test_every_printable_character_has_a_glyph_of_its_own(void **state)
{
    uint8_t seen[95][GFX_CHAR_W * GFX_CHAR_H];
    char one[2] = { 0 };

    (void)state;
    for (int ch = ' '; ch <= '~'; ch++) {
        fresh();
        one[0] = (char)ch;
        gfx_text(screen, 0, 0, one, INK);
        for (int i = 0; i < GFX_CHAR_W * GFX_CHAR_H; i++)
            seen[ch - ' '][i] = screen[i / GFX_CHAR_W * W + i % GFX_CHAR_W];
        // Nothing in the cell's gap column and row.
        for (int y = 0; y < GFX_CHAR_H; y++)
            assert_int_equal(screen[y * W + 3], PAPER);
        for (int x = 0; x < GFX_CHAR_W; x++)
            assert_int_equal(screen[5 * W + x], PAPER);
        assert_int_equal(drawn() > 0, ch != ' ');
    }
    for (int a = ' '; a <= '~'; a++) {
        for (int b = a + 1; b <= '~'; b++) {
            int same = memcmp(seen[a - ' '], seen[b - ' '], sizeof seen[0]) == 0;
            assert_int_equal(same, a >= 'A' && a <= 'Z' && b == a + 'a' - 'A');
        }
    }
}

static void test_text_far_off_the_screen_draws_nothing(void **state)
{
    static char long_text[4096];
    static const int places[][2] = { { INT_MAX, 0 }, { INT_MIN, 0 }, { 0, INT_MAX },
                                     { 0, INT_MIN }, { INT_MAX - 3, INT_MAX - 5 }, { 64, 0 },
                                     { -4, 0 }, { 0, -6 }, { 0, 64 } };

    (void)state;
    memset(long_text, 'W', sizeof long_text - 1);
    for (size_t p = 0; p < sizeof places / sizeof places[0]; p++) {
        fresh();
        gfx_text(screen, places[p][0], places[p][1], "M", INK);
        check();
    }
    // Thousands of characters from far left: only those that reach the screen.
    fresh();
    gfx_text(screen, -4 * 4000, 0, long_text, INK);
    memcpy(expected, screen, sizeof expected);
    memset(screen, PAPER, W * H);
    gfx_text(screen, -4 * 4000 + 4 * 4000, 0, long_text + 4000, INK);
    check();
    // Lines below the screen's bottom, from a start near INT_MAX.
    fresh();
    gfx_text(screen, 0, INT_MAX - 2, "A\nB\nC", INK);
    check();
}

static void test_text_width_is_the_longest_lines(void **state)
{
    (void)state;
    assert_int_equal(gfx_text_width(""), 0);
    assert_int_equal(gfx_text_width("A"), 3);
    assert_int_equal(gfx_text_width("SCORE"), 19);
    assert_int_equal(gfx_text_width("AB\nCDEF\nG"), 15);
    assert_int_equal(gfx_text_width("\n\n"), 0);
}

static void test_numbers_format_with_sign_and_leading_zeros(void **state)
{
    static const struct {
        int32_t n;
        int digits;
        const char *text;
    } cases[] = {
        { 0, 0, "0" }, { 0, 1, "0" }, { 7, 3, "007" }, { 1234, 2, "1234" }, { -42, 0, "-42" },
        { -42, 4, "-0042" }, { INT32_MAX, 0, "2147483647" }, { INT32_MIN, 0, "-2147483648" },
        { 5, 99, "0000000005" }, { 5, -7, "5" }, { INT32_MIN, INT_MAX, "-2147483648" },
    };
    char buf[GFX_NUMBER_MAX + 4];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(buf, 'x', sizeof buf);
        assert_int_equal(gfx_format(buf, cases[i].n, cases[i].digits), strlen(cases[i].text));
        assert_string_equal(buf, cases[i].text);
        assert_true(strlen(buf) < GFX_NUMBER_MAX);
        // gfx_number draws what gfx_format writes.
        fresh();
        gfx_text(screen, 1, 30, cases[i].text, INK);
        memcpy(expected, screen, sizeof expected);
        memset(screen, PAPER, W * H);
        gfx_number(screen, 1, 30, cases[i].n, cases[i].digits, INK);
        check();
    }
}

// ---- random numbers ----------------------------------------------------------

static void test_the_generator_is_xorshift32(void **state)
{
    uint32_t s = 1, reference = 1;

    (void)state;
    for (int i = 0; i < 1000; i++) {
        reference ^= reference << 13;
        reference ^= reference >> 17;
        reference ^= reference << 5;
        assert_int_equal(rnd_next(&s), reference);
        assert_int_equal(s, reference);
    }
    // A zero state does not stay zero.
    s = 0;
    assert_int_not_equal(rnd_next(&s), 0);
    assert_int_not_equal(s, 0);
}

static void test_numbers_below_n_stay_below_and_spread(void **state)
{
    static const uint32_t limits[] = { 1, 2, 3, 10, 64, 1000, UINT32_MAX };
    uint32_t s = 12345, counts[10] = { 0 };

    (void)state;
    for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++)
        for (int i = 0; i < 10000; i++)
            assert_true(rnd_below(&s, limits[l]) < limits[l]);
    assert_int_equal(rnd_below(&s, 0), 0);
    for (int i = 0; i < 100000; i++)
        counts[rnd_below(&s, 10)]++;
    for (int d = 0; d < 10; d++)
        assert_true(counts[d] > 9000 && counts[d] < 11000);
}

static void test_a_seeded_task_generator_repeats_its_sequence(void **state)
{
    uint32_t s = 99;

    (void)state;
    rnd_seed(99);
    for (int i = 0; i < 100; i++)
        assert_int_equal(rnd(1000), rnd_below(&s, 1000));
    rnd_seed(99);
    s = 99;
    assert_int_equal(rnd(6), rnd_below(&s, 6));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clear_paints_every_pixel),
        cmocka_unit_test(test_pixel_draws_one_pixel_or_none_off_screen),
        cmocka_unit_test(test_rectfill_fills_exactly_its_visible_part),
        cmocka_unit_test(test_rect_draws_the_outline_only),
        cmocka_unit_test(test_lines_along_the_axes_and_diagonals),
        cmocka_unit_test(test_a_sloped_line_is_one_pixel_thick_and_ends_where_asked),
        cmocka_unit_test(test_a_shallow_line_takes_known_pixels),
        cmocka_unit_test(test_lines_clip_whatever_their_ends),
        cmocka_unit_test(test_a_long_sloped_line_crosses_the_screen_as_a_line),
        cmocka_unit_test_setup(test_sprites_flip_clip_and_skip_their_key, setup_frames),
        cmocka_unit_test_setup(test_a_sprite_flipped_both_ways_is_turned_half_round, setup_frames),
        cmocka_unit_test_setup(test_hostile_sprites_draw_nothing_outside_their_frame_or_screen,
                               setup_frames),
        cmocka_unit_test_setup(test_a_frame_the_art_lacks_draws_nothing_and_says_so, setup_frames),
        cmocka_unit_test(test_text_draws_the_font_cell_by_cell),
        cmocka_unit_test(test_text_starts_each_line_under_the_first),
        cmocka_unit_test(test_every_printable_character_has_a_glyph_of_its_own),
        cmocka_unit_test(test_text_far_off_the_screen_draws_nothing),
        cmocka_unit_test(test_text_width_is_the_longest_lines),
        cmocka_unit_test(test_numbers_format_with_sign_and_leading_zeros),
        cmocka_unit_test(test_the_generator_is_xorshift32),
        cmocka_unit_test(test_numbers_below_n_stay_below_and_spread),
        cmocka_unit_test(test_a_seeded_task_generator_repeats_its_sequence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

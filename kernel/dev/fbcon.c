// A text console drawn with a PSF bitmap font on the GOP framebuffer.  The
// log's text goes into an array of glyph numbers per cell, which costs no
// drawing; fbcon_draw then draws the cells that differ from what the screen
// shows, as many as it is allowed at a time.  So the log is drawn by the
// display task, a bounded piece each frame, and by the idle task while no
// task wants the CPU, never in the service that printed.  Scrolling redraws
// changed cells instead of reading the framebuffer back (slow on real
// hardware).
#include <stdint.h>

#include "dev/surface.h"
#include "dev/fbcon.h"
#include "lib/kprintf.h"
#include "lib/kstring.h"
#include "lib/utf8.h"
#include "mm/mmu.h"

#define FBCON_MAX_COLS    240          // larger screens get scaled-up glyphs
#define FBCON_MAX_ROWS    100
#define TITLE_SCALE         3            // the title's glyphs, in console glyphs
#define TAB_WIDTH           8

#define COLOR_BACKGROUND    0x000000     // 0xRRGGBB
#define COLOR_TEXT          0xC0C0C0
#define COLOR_TITLE         0xFFC832
#define COLOR_TITLE_LINES   0xFFFFFF

#define PSF1_MAGIC0         0x36
#define PSF1_MAGIC1         0x04
#define PSF1_MODE512        0x01         // 512 glyphs instead of 256
#define PSF1_MODEHASTAB     0x02         // a Unicode table follows the glyphs
#define PSF1_SEPARATOR      0xFFFF       // ends a glyph's Unicode entries
#define PSF1_STARTSEQ       0xFFFE       // starts a multi-code-point sequence
#define PSF2_MAGIC          0x864AB572
#define PSF2_HAS_TABLE      0x01
#define PSF2_SEPARATOR      0xFF
#define PSF2_STARTSEQ       0xFE
#define NO_GLYPH            0xFFFF

struct psf2_header {
    uint32_t magic, version, header_size, flags;
    uint32_t count;                      // glyphs
    uint32_t glyph_bytes;
    uint32_t height, width;              // pixels
};

// font.asm
extern const uint8_t font_psf[], font_psf_end[];

static struct {
    const uint8_t *glyphs;
    uint32_t count, width, height;
    uint32_t row_bytes, glyph_bytes;
    uint16_t map[256];                   // Latin-1 code point -> glyph
} font;

static struct surface fb;                // base 0: no screen

static uint16_t cells[FBCON_MAX_ROWS][FBCON_MAX_COLS];  // the text as it should look
static uint16_t shown[FBCON_MAX_ROWS][FBCON_MAX_COLS];  // the glyph the screen shows;
                                                        // NO_GLYPH: unknown, to be drawn
static int changed;                      // some cell of the log may differ from the screen
static uint32_t draw_next;               // the log cell (from the top row) fbcon_draw starts at
static uint32_t cols, rows;
static uint32_t scale;                   // screen pixels per font pixel
static uint32_t top;                     // first row of the scrolling log
static uint32_t row, col;                // cursor
static uint32_t text_pixel, background_pixel;
static struct utf8_decoder input;        // fbcon_putc's bytes

// Reads one little-endian field of the font file.
static uint32_t font_field(const uint8_t *p, int bytes)
{
    uint32_t value = 0;

    while (bytes--)
        value = value << 8 | p[bytes];
    return value;
}

// Fills font.map from the font's Unicode table: for each glyph, its code
// points (PSF1: 16-bit values; PSF2: UTF-8), then a separator.  Sequences
// (a base character with combining marks) are not single characters: skipped.
static void read_unicode_table(const uint8_t *p, int psf2)
{
    uint32_t separator = psf2 ? PSF2_SEPARATOR : PSF1_SEPARATOR;
    uint32_t startseq = psf2 ? PSF2_STARTSEQ : PSF1_STARTSEQ;
    int entry = psf2 ? 1 : 2;
    struct utf8_decoder st = { 0, 0, 0 };
    int in_sequence = 0;
    uint32_t glyph = 0;

    for (; p + entry <= font_psf_end && glyph < font.count; p += entry) {
        uint32_t value = font_field(p, entry);
        if (value == separator) {
            glyph++;
            in_sequence = 0;
        } else if (value == startseq) {
            in_sequence = 1;
        } else {
            uint32_t codes[UTF8_FEED_MAX] = { value };
            int n = psf2 ? utf8_feed(&st, value, codes) : 1;
            for (int i = 0; i < n; i++)
                if (!in_sequence && codes[i] < 256 && font.map[codes[i]] == NO_GLYPH)
                    font.map[codes[i]] = glyph;
        }
    }
}

static void load_font(void)
{
    const uint8_t *file = font_psf;
    const uint8_t *table = 0;
    int psf2 = 0;

    if (file[0] == PSF1_MAGIC0 && file[1] == PSF1_MAGIC1) {
        font.count = file[2] & PSF1_MODE512 ? 512 : 256;
        font.width = 8;
        font.height = file[3];
        font.glyph_bytes = file[3];
        font.glyphs = file + 4;
        if (file[2] & PSF1_MODEHASTAB)
            table = font.glyphs + font.count * font.glyph_bytes;
    } else if (font_field(file, 4) == PSF2_MAGIC) {
        const struct psf2_header *h = (const struct psf2_header *)file;
        font.count = h->count;
        font.width = h->width;
        font.height = h->height;
        font.glyph_bytes = h->glyph_bytes;
        font.glyphs = file + h->header_size;
        if (h->flags & PSF2_HAS_TABLE)
            table = font.glyphs + font.count * font.glyph_bytes;
        psf2 = 1;
    } else {
        panic("fbcon: the built-in font is not a PSF file");
    }
    font.row_bytes = (font.width + 7) / 8;
    if (font.width == 0 || font.height == 0 || font.row_bytes * font.height > font.glyph_bytes ||
        font.glyphs + font.count * font.glyph_bytes > font_psf_end)
        panic("fbcon: the built-in font is malformed");

    for (uint32_t c = 0; c < 256; c++)
        font.map[c] = table ? NO_GLYPH : (c < font.count ? c : 0);
    if (table) {
        read_unicode_table(table, psf2);
        for (uint32_t c = 0; c < 256; c++)
            if (font.map[c] == NO_GLYPH)
                font.map[c] = font.map['?'] == NO_GLYPH ? 0 : font.map['?'];
    }
}

// Draws glyph with its top-left corner at pixel (x, y), each font pixel s x s.
static void draw_glyph(uint32_t x, uint32_t y, uint32_t glyph, uint32_t s,
                       uint32_t ink, uint32_t paper)
{
    surface_glyph(&fb, x, y, font.glyphs + glyph * font.glyph_bytes, font.width, font.height,
                  font.row_bytes, s, ink, paper);
}

static void draw_cell(uint32_t r, uint32_t c)
{
    draw_glyph(c * font.width * scale, r * font.height * scale, cells[r][c], scale,
               text_pixel, background_pixel);
    shown[r][c] = cells[r][c];
}

static uint16_t glyph_of(uint32_t code)
{
    return font.map[code < 256 ? code : '?'];
}

// Moves the log's text up one row; fbcon_draw redraws the cells that
// changed.
static void scroll(void)
{
    for (uint32_t r = top; r + 1 < rows; r++)
        memcpy(cells[r], cells[r + 1], sizeof(cells[0]));
    for (uint32_t c = 0; c < cols; c++)
        cells[rows - 1][c] = glyph_of(' ');
    changed = 1;
}

static void newline(void)
{
    col = 0;
    if (row + 1 < rows)
        row++;
    else
        scroll();
}

// The kernel's own text moves the cursor with '\n', '\r' and '\t'; any
// other control character is drawn as UTF8_REPLACEMENT, like the print
// service writes it.
static void put_code(uint32_t code)
{
    switch (code) {
    case '\n':
        newline();
        return;
    case '\r':
        col = 0;
        return;
    case '\t':
        do
            put_code(' ');
        while (col % TAB_WIDTH);
        return;
    }
    if (utf8_is_control(code))
        code = UTF8_REPLACEMENT;
    if (col == cols)
        newline();
    cells[row][col] = glyph_of(code);
    changed = 1;
    col++;
}

void fbcon_putc(char c)
{
    uint32_t codes[UTF8_FEED_MAX];
    int n;

    if (!fb.base)
        return;
    n = utf8_feed(&input, (uint8_t)c, codes);
    for (int i = 0; i < n; i++)
        put_code(codes[i]);
}

// fbcon_draw's work, apart so that the display's frames with an unchanged
// log pay for a test and no stack frame.
static __attribute__((noinline)) uint32_t draw_changed(uint32_t max)
{
    uint32_t log_cells = (rows - top) * cols, drawn = 0, seen;

    // From where the last call stopped: under a flood of text every part of
    // the log gets its turn.
    for (seen = 0; seen < log_cells && drawn < max; seen++) {
        uint32_t r = top + draw_next / cols, c = draw_next % cols;
        draw_next = (draw_next + 1) % log_cells;
        if (cells[r][c] != shown[r][c]) {
            draw_cell(r, c);
            drawn++;
        }
    }
    // A whole round with cells to spare found the screen up to date.
    if (seen == log_cells && drawn < max)
        changed = 0;
    return drawn;
}

uint32_t fbcon_draw(uint32_t max)
{
    return fb.base && changed ? draw_changed(max) : 0;
}

void fbcon_draw_all(void)
{
    fbcon_draw(UINT32_MAX);
}

// The code points of UTF-8 text, at most max of them; returns how many.
static uint32_t decode(const char *text, uint32_t codes[], uint32_t max)
{
    struct utf8_decoder st = { 0, 0, 0 };
    uint32_t got[UTF8_FEED_MAX], n = 0;

    for (; *text; text++) {
        int k = utf8_feed(&st, (uint8_t)*text, got);
        for (int i = 0; i < k && n < max; i++)
            codes[n++] = got[i];
    }
    if (utf8_end(&st, got) && n < max)
        codes[n++] = got[0];
    return n;
}

static void set_format(const struct boot_framebuffer *f)
{
    static const uint32_t rgbx[3] = { 0x0000FF, 0x00FF00, 0xFF0000 };
    static const uint32_t bgrx[3] = { 0xFF0000, 0x00FF00, 0x0000FF };

    switch (f->format) {
    case BOOT_PIXEL_RGBX:
        memcpy(fb.mask, rgbx, sizeof(fb.mask));
        fb.bytes_per_pixel = 4;
        break;
    case BOOT_PIXEL_BGRX:
        memcpy(fb.mask, bgrx, sizeof(fb.mask));
        fb.bytes_per_pixel = 4;
        break;
    default: {
        fb.mask[0] = f->red_mask;
        fb.mask[1] = f->green_mask;
        fb.mask[2] = f->blue_mask;
        uint32_t all = f->red_mask | f->green_mask | f->blue_mask | f->reserved_mask;
        fb.bytes_per_pixel = all ? (32 - __builtin_clz(all) + 7) / 8 : 0;
    }
    }
}

void fbcon_init(const struct boot_framebuffer *f)
{
    static const char *const format_names[] = { "RGBX", "BGRX", "bitmask" };

    load_font();
    if (f->base == 0) {
        kprintf("fbcon: no framebuffer, the log is serial only\n");
        return;
    }
    set_format(f);
    fb.width = f->width;
    fb.height = f->height;
    fb.pitch = f->stride * fb.bytes_per_pixel;
    uint64_t bytes = (uint64_t)fb.pitch * fb.height;
    if (f->format > BOOT_PIXEL_BITMASK || fb.bytes_per_pixel == 0 || fb.width < font.width ||
        fb.height < font.height || f->stride < fb.width || bytes > f->size ||
        bytes > UINT32_MAX) {
        kprintf("fbcon: unusable framebuffer %ux%u stride %u format %u size 0x%x, "
                "the log is serial only\n", f->width, f->height, f->stride, f->format,
                (uint32_t)f->size);
        return;
    }
    uint8_t *base = mmu_map_window(f->base, (uint32_t)bytes, PTE_W);
    if (!base) {
        kprintf("fbcon: cannot map the framebuffer at 0x%llx (the kernel reaches below "
                "0x%llx), the log is serial only\n", f->base, mmu_reach());
        return;
    }

    // Scale glyphs up on screens too large for the cell array.
    uint32_t across = fb.width / (FBCON_MAX_COLS * font.width) + 1;
    uint32_t down = fb.height / (FBCON_MAX_ROWS * font.height) + 1;
    scale = across > down ? across : down;
    cols = fb.width / (font.width * scale);
    rows = fb.height / (font.height * scale);
    if (cols == 0 || rows == 0) {
        kprintf("fbcon: %ux%u is too small for text, the log is serial only\n",
                fb.width, fb.height);
        return;
    }
    text_pixel = surface_pixel(&fb, COLOR_TEXT);
    background_pixel = surface_pixel(&fb, COLOR_BACKGROUND);
    for (uint32_t r = 0; r < rows; r++)
        for (uint32_t c = 0; c < cols; c++)
            cells[r][c] = shown[r][c] = glyph_of(' ');
    fb.base = base;
    surface_fill(&fb, (struct rect){ 0, 0, fb.width, fb.height }, background_pixel);
    kprintf("fbcon: %ux%u %s framebuffer at 0x%08llx (window 0x%08x), %ux%u text\n",
            fb.width, fb.height, format_names[f->format], f->base, (uint32_t)base, cols, rows);
}

// Draws text centred on pixel row y, each font pixel s x s.
static void draw_centred(uint32_t y, const char *text, uint32_t s, uint32_t ink)
{
    uint32_t codes[FBCON_MAX_COLS];
    uint32_t length = decode(text, codes, FBCON_MAX_COLS);

    if (length * font.width * s > fb.width)
        return;
    uint32_t x = (fb.width - length * font.width * s) / 2;
    for (uint32_t i = 0; i < length; i++, x += font.width * s)
        draw_glyph(x, y, glyph_of(codes[i]), s, ink, background_pixel);
}

void fbcon_title(const char *title, const char *const lines[], int count)
{
    uint32_t title_rows = TITLE_SCALE + 1 + count + 1; // title, gap, lines, gap
    uint32_t first = rows / 4;

    if (!fb.base)
        return;
    // Leave at least a quarter of the screen to the log.
    if (first + title_rows > rows - rows / 4)
        first = 0;
    if (first + title_rows > rows - rows / 4)
        return;

    surface_fill(&fb, (struct rect){ 0, 0, fb.width, fb.height }, background_pixel);
    uint32_t cell_height = font.height * scale;
    draw_centred(first * cell_height, title, TITLE_SCALE * scale,
                 surface_pixel(&fb, COLOR_TITLE));
    for (int i = 0; i < count; i++)
        draw_centred((first + TITLE_SCALE + 1 + i) * cell_height, lines[i], scale,
                     surface_pixel(&fb, COLOR_TITLE_LINES));
    fbcon_log_rows(first + title_rows);
}

void fbcon_log_rows(uint32_t first)
{
    if (!fb.base || first >= rows)
        return;
    // The log's latest lines (rows top to row) move to the new rows, in an
    // order that reads each line before overwriting it.
    uint32_t log_rows = rows - first, lines = row + 1 - top;
    uint32_t keep = lines < log_rows ? lines : log_rows, from = row + 1 - keep;
    if (first > from)
        for (uint32_t i = keep; i-- > 0;)
            memcpy(cells[first + i], cells[from + i], sizeof(cells[0]));
    else
        for (uint32_t i = 0; i < keep; i++)
            memcpy(cells[first + i], cells[from + i], sizeof(cells[0]));
    for (uint32_t r = 0; r < rows; r++) {
        if (r < first || r >= first + keep)
            for (uint32_t c = 0; c < cols; c++)
                cells[r][c] = glyph_of(' ');
        // The caller has drawn over these rows: all of them again.
        for (uint32_t c = 0; c < cols; c++)
            shown[r][c] = NO_GLYPH;
    }
    top = first;
    row = first + keep - 1;
    draw_next = 0;
    changed = 1;
    fbcon_draw_all();
}

const struct surface *fbcon_surface(void)
{
    return fb.base ? &fb : 0;
}

void fbcon_cell(uint32_t *width, uint32_t *height)
{
    *width = font.width * scale;
    *height = font.height * scale;
}

void fbcon_text(uint32_t x, uint32_t y, const char *text, uint32_t ink, uint32_t paper)
{
    uint32_t codes[FBCON_MAX_COLS];
    uint32_t n;

    if (!fb.base)
        return;
    n = decode(text, codes, FBCON_MAX_COLS);
    for (uint32_t i = 0; i < n; i++, x += font.width * scale)
        draw_glyph(x, y, glyph_of(codes[i]), scale, ink, paper);
}

// Sprite sheets: a PNG becomes a palette and 64 x 64 frames of palette
// indices, cut row by row.  An indexed PNG keeps its indices and palette as
// they are; any other PNG is converted exactly when it has at most 256
// colours, numbered in the order they first appear (so index 0, which also
// pads the edges, is the colour of the top-left pixel, usually the
// background).  Alpha and tRNS are dropped: the console has no transparency.
#include <errno.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include "mkcart.h"

#define HASH_SLOTS 1024                  // a power of two, four times CART_MAX_COLORS

struct reader {                          // one sheet while it is decoded
    uint32_t width, height, cols;        // cols: frames across the sheet
    int indexed;                         // rows hold palette indices, else r,g,b triples
    uint32_t band_rows;                  // rows decoded at a time
    uint8_t *band;                       // band_rows rows of decoded pixels
    png_bytep *rows;                     // pointers into band, for libpng
    uint8_t *frame_row[2];               // rows of cols frames: one being cut while the
    int current;                         //   sink may still use the other
    frames_sink *sink;                   // where a complete row of frames goes
    void *sink_arg;
    uint32_t key[HASH_SLOTS];            // RGB sheets: colour + 1 (0: free slot)
    uint8_t  index[HASH_SLOTS];          //   and the palette index given to it
    uint8_t *seen;                       // after a 257th colour: one bit per 24-bit
    uint32_t colors;                     //   colour, to say how many there are,
    uint32_t extra_x, extra_y, extra;    //   and where the 257th was
};

static void
on_png_error(png_structp png, png_const_charp message)
{
    snprintf(png_get_error_ptr(png), MK_ERR_MAX, "PNG: %s", message);
    png_longjmp(png, 1);
}

// Warnings (an odd colour profile, a bad text chunk) do not change pixels.
static void
on_png_warning(png_structp png, png_const_charp message)
{
    (void)png;
    (void)message;
}

// An indexed row: every index must name a palette entry.  The maximum is
// taken first because the compiler vectorizes it; the search is for errors.
static int
check_row(const struct reader *r, const struct mk_sheet *s, const uint8_t *row, uint32_t y, char *err)
{
    uint8_t max = 0;

    for (uint32_t x = 0; x < r->width; x++)
        max = row[x] > max ? row[x] : max;
    if (max < s->palette_count)
        return 0;
    for (uint32_t x = 0;; x++)
        if (row[x] >= s->palette_count)
            return errorf(err, "pixel (%u, %u) has index %u, the palette only %u colours",
                          x, y, row[x], s->palette_count);
}

static void
count_color(struct reader *r, const uint8_t *p)
{
    uint32_t c = (uint32_t)p[0] << 16 | p[1] << 8 | p[2];

    if (!(r->seen[c >> 3] & 1 << (c & 7))) {
        r->seen[c >> 3] |= 1 << (c & 7);
        r->colors++;
    }
}

// An RGB row becomes palette indices, in place (each index lands behind the
// pixel it came from).  When a 257th colour appears the sheet cannot be
// converted; from there on colours are only counted, for the error.
static int
index_row(struct reader *r, struct mk_sheet *s, uint8_t *row, uint32_t y, char *err)
{
    for (uint32_t x = 0; x < r->width; x++) {
        const uint8_t *p = row + 3 * x;
        uint32_t c = (uint32_t)p[0] << 16 | p[1] << 8 | p[2];
        uint32_t slot = (c * 2654435761u) >> 22;  // Knuth's multiplicative hash, 10 bits
        while (r->key[slot] && r->key[slot] != c + 1)
            slot = (slot + 1) & (HASH_SLOTS - 1);
        if (!r->key[slot]) {
            if (s->palette_count == CART_MAX_COLORS) {
                if (!(r->seen = calloc(1 << 21, 1)))
                    return errorf(err, "out of memory");
                for (uint32_t i = 0; i < s->palette_count; i++)
                    count_color(r, s->palette + 3 * i);
                r->extra_x = x;
                r->extra_y = y;
                r->extra = c;
                for (; x < r->width; x++)
                    count_color(r, row + 3 * x);
                return 0;
            }
            r->key[slot] = c + 1;
            r->index[slot] = (uint8_t)s->palette_count;
            memcpy(s->palette + 3 * s->palette_count, p, 3);
            s->palette_count++;
        }
        row[x] = r->index[slot];
    }
    return 0;
}

// Copies row y of indices into the row of frames it crosses, and hands a
// complete row of frames to the sink.  Every row of frames fills the same
// bytes, so the padding beyond the sheet's right edge stays as calloc left
// it; only a last row of frames cut short by the bottom edge clears first.
static int
cut_row(struct reader *r, const uint8_t *row, uint32_t y, char *err)
{
    uint32_t line = y % CART_FRAME_HEIGHT, size = r->cols * CART_FRAME_SIZE;
    uint8_t *frames = r->frame_row[r->current];

    if (line == 0 && r->height - y < CART_FRAME_HEIGHT)
        memset(frames, 0, size);
    for (uint32_t fx = 0; fx < r->cols; fx++) {
        uint32_t x0 = fx * CART_FRAME_WIDTH;
        uint32_t w = r->width - x0 < CART_FRAME_WIDTH ? r->width - x0 : CART_FRAME_WIDTH;
        memcpy(frames + fx * CART_FRAME_SIZE + line * CART_FRAME_WIDTH, row + x0, w);
    }
    if (line + 1 < CART_FRAME_HEIGHT && y + 1 < r->height)
        return 0;
    r->current ^= 1;                     // the sink has finished with the other one
    return r->sink(r->sink_arg, frames, size, err);
}

// The sheet's size and colour type from the PNG header; a sheet that
// makes more frames than a cartridge holds goes no further.
static int
read_header(png_structp png, png_infop info, struct reader *r, struct mk_sheet *s, char *err)
{
    png_uint_32 w, h;
    int depth, type;

    png_read_info(png, info);
    png_get_IHDR(png, info, &w, &h, &depth, &type, NULL, NULL, NULL);
    uint64_t frames = (uint64_t)((w + CART_FRAME_WIDTH - 1) / CART_FRAME_WIDTH) *
                      ((h + CART_FRAME_HEIGHT - 1) / CART_FRAME_HEIGHT);
    if (frames > CART_MAX_FRAMES)
        return errorf(err, "%ux%u pixels make %llu frames of 64x64, more than the %d a cartridge holds",
                      (unsigned)w, (unsigned)h, (unsigned long long)frames, CART_MAX_FRAMES);
    r->width = w;
    r->height = h;
    r->cols = (w + CART_FRAME_WIDTH - 1) / CART_FRAME_WIDTH;
    r->indexed = type == PNG_COLOR_TYPE_PALETTE;
    s->frame_count = (uint32_t)frames;
    return 0;
}

// Has libpng give an indexed sheet's rows as one index byte per pixel,
// and its palette to s; any other sheet's as r,g,b bytes.  Returns the
// bytes per pixel.
static size_t
set_pixel_format(png_structp png, png_infop info, const struct reader *r, struct mk_sheet *s)
{
    if (r->indexed) {
        png_colorp plte;
        int n;
        png_get_PLTE(png, info, &plte, &n);
        for (int i = 0; i < n; i++) {
            s->palette[3 * i + 0] = plte[i].red;
            s->palette[3 * i + 1] = plte[i].green;
            s->palette[3 * i + 2] = plte[i].blue;
        }
        s->palette_count = (uint32_t)n;
        png_set_packing(png);            // 1, 2, 4-bit indices to one byte each
        return 1;
    }
    png_set_strip_16(png);               // the palette holds 8 bits per channel
    png_set_strip_alpha(png);
    png_set_expand_gray_1_2_4_to_8(png);
    png_set_gray_to_rgb(png);
    return 3;
}

// One row of frames at a time; an interlaced sheet comes in passes over
// all of it, so it is decoded whole.
static int
alloc_band(struct reader *r, int passes, size_t pixel_size, char *err)
{
    uint32_t w = r->width, h = r->height;

    r->band_rows = passes > 1 || h < CART_FRAME_HEIGHT ? h : CART_FRAME_HEIGHT;
    r->band = malloc((size_t)r->band_rows * w * pixel_size);
    r->rows = malloc(r->band_rows * sizeof *r->rows);
    r->frame_row[0] = calloc(r->cols, CART_FRAME_SIZE);
    r->frame_row[1] = calloc(r->cols, CART_FRAME_SIZE);
    if (!r->band || !r->rows || !r->frame_row[0] || !r->frame_row[1])
        return errorf(err, "out of memory for %ux%u pixels", (unsigned)w, (unsigned)h);
    for (uint32_t i = 0; i < r->band_rows; i++)
        r->rows[i] = r->band + (size_t)i * w * pixel_size;
    return 0;
}

// Every row of the sheet, a band at a time: checked or indexed, then cut
// into frames.  Once an RGB sheet has too many colours its rows are only
// counted.
static int
read_bands(png_structp png, struct reader *r, struct mk_sheet *s, int passes, char *err)
{
    for (uint32_t y0 = 0; y0 < r->height; y0 += r->band_rows) {
        uint32_t n = r->height - y0 < r->band_rows ? r->height - y0 : r->band_rows;
        for (int pass = 0; pass < passes; pass++)
            png_read_rows(png, r->rows, NULL, n);
        for (uint32_t i = 0; i < n; i++) {
            if (r->seen) {
                for (uint32_t x = 0; x < r->width; x++)
                    count_color(r, r->rows[i] + 3 * x);
                continue;
            }
            if (r->indexed ? check_row(r, s, r->rows[i], y0 + i, err)
                           : index_row(r, s, r->rows[i], y0 + i, err))
                return -1;
            if (!r->seen && cut_row(r, r->rows[i], y0 + i, err))
                return -1;
        }
    }
    return 0;
}

// Decodes the sheet a band of rows at a time and cuts it into frames as it
// goes.  libpng reports errors through on_png_error, which jumps back to
// read_png's setjmp.
static int
decode(png_structp png, png_infop info, FILE *f, struct reader *r, struct mk_sheet *s, char *err)
{
    size_t pixel_size;
    int passes;

    png_init_io(png, f);
    if (read_header(png, info, r, s, err))
        return -1;
    pixel_size = set_pixel_format(png, info, r, s);
    // The IDAT chunks' CRC-32s, which libpng checks, already catch damaged
    // data; the zlib Adler-32 inside them would cost a third of the decoding.
    png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
    passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != r->width * pixel_size)
        return errorf(err, "PNG: rows of %zu bytes after conversion, expected %zu",
                      png_get_rowbytes(png, info), r->width * pixel_size);
    if (alloc_band(r, passes, pixel_size, err) || read_bands(png, r, s, passes, err))
        return -1;
    png_read_end(png, NULL);
    if (r->seen)
        return errorf(err, "%u colours, more than %d: the first extra one, #%06x, is at "
                      "(%u, %u) (save the sheet as an indexed PNG)",
                      r->colors, CART_MAX_COLORS, r->extra, r->extra_x, r->extra_y);
    return 0;
}

// Runs decode under libpng's error handling: on an error, on_png_error
// jumps back to the setjmp here, and nothing that changed since is used.
static int
read_png(FILE *f, struct reader *r, struct mk_sheet *s, char *err)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, err, on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int ok;

    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return errorf(err, "out of memory");
    }
    ok = setjmp(png_jmpbuf(png)) == 0 && decode(png, info, f, r, s, err) == 0;
    png_destroy_read_struct(&png, &info, NULL);
    return ok ? 0 : -1;
}

int
load_sheet(const char *path, struct mk_sheet *s, frames_sink *sink, void *arg, char *err)
{
    struct reader *r = calloc(1, sizeof *r);
    FILE *f = fopen(path, "rb");
    int rc = -1;

    memset(s, 0, sizeof *s);
    if (!f)
        errorf(err, "cannot open: %s", strerror(errno));
    else if (!r)
        errorf(err, "out of memory");
    else {
        char late[MK_ERR_MAX];
        r->sink = sink;
        r->sink_arg = arg;
        rc = read_png(f, r, s, err);
        // The frames are about to be freed: the sink must let go of them.
        if (sink(arg, NULL, 0, rc ? late : err))
            rc = -1;
    }
    if (f)
        fclose(f);
    if (r) {
        free(r->band);
        free(r->rows);
        free(r->frame_row[0]);
        free(r->frame_row[1]);
        free(r->seen);
    }
    free(r);
    return rc;
}

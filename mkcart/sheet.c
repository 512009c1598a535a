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

struct decoded {                         // one sheet as libpng hands it over
    uint32_t width, height;
    int indexed;                         // pixels are palette indices, else r,g,b triples
    uint8_t *pixels;                     // row after row, no padding
    png_bytep *rows;                     // pointers into pixels, for png_read_image
    uint32_t palette_count;              // indexed only
    uint8_t  palette[CART_MAX_COLORS * CART_COLOR_SIZE];
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

// Reads the whole image into d.  libpng reports errors through
// on_png_error, which jumps back to load_sheet's setjmp.
static int
decode(png_structp png, png_infop info, FILE *f, struct decoded *d, char *err)
{
    png_uint_32 w, h;
    int depth, type;
    size_t bytes_per_pixel;

    png_init_io(png, f);
    png_read_info(png, info);
    png_get_IHDR(png, info, &w, &h, &depth, &type, NULL, NULL, NULL);
    uint64_t frames = (uint64_t)((w + CART_FRAME_WIDTH - 1) / CART_FRAME_WIDTH) *
                      ((h + CART_FRAME_HEIGHT - 1) / CART_FRAME_HEIGHT);
    if (frames > CART_MAX_FRAMES)
        return errorf(err, "%ux%u pixels make %llu frames of 64x64, more than the %d a cartridge holds",
                    (unsigned)w, (unsigned)h, (unsigned long long)frames, CART_MAX_FRAMES);

    if (type == PNG_COLOR_TYPE_PALETTE) {
        png_colorp plte;
        int n;
        png_get_PLTE(png, info, &plte, &n);
        for (int i = 0; i < n; i++) {
            d->palette[3 * i + 0] = plte[i].red;
            d->palette[3 * i + 1] = plte[i].green;
            d->palette[3 * i + 2] = plte[i].blue;
        }
        d->palette_count = (uint32_t)n;
        d->indexed = 1;
        png_set_packing(png);            // 1, 2, 4-bit indices to one byte each
        bytes_per_pixel = 1;
    } else {
        png_set_strip_16(png);           // the palette holds 8 bits per channel
        png_set_strip_alpha(png);
        png_set_expand_gray_1_2_4_to_8(png);
        png_set_gray_to_rgb(png);
        bytes_per_pixel = 3;
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != w * bytes_per_pixel)
        return errorf(err, "PNG: rows of %zu bytes after conversion, expected %zu",
                    png_get_rowbytes(png, info), w * bytes_per_pixel);

    d->width = w;
    d->height = h;
    d->pixels = malloc((size_t)w * h * bytes_per_pixel);
    d->rows = malloc(h * sizeof *d->rows);
    if (!d->pixels || !d->rows)
        return errorf(err, "out of memory for %ux%u pixels", (unsigned)w, (unsigned)h);
    for (png_uint_32 y = 0; y < h; y++)
        d->rows[y] = d->pixels + (size_t)y * w * bytes_per_pixel;
    png_read_image(png, d->rows);
    png_read_end(png, NULL);
    return 0;
}

static int
check_indices(const struct decoded *d, char *err)
{
    for (uint32_t y = 0; y < d->height; y++)
        for (uint32_t x = 0; x < d->width; x++) {
            uint8_t i = d->rows[y][x];
            if (i >= d->palette_count)
                return errorf(err, "pixel (%u, %u) has index %u, the palette only %u colours",
                            x, y, i, d->palette_count);
        }
    return 0;
}

#define HASH_SLOTS 1024                  // a power of two, four times CART_MAX_COLORS

// Marks colour p in a one-bit-per-colour set; says whether it was new.
static int
mark_new(uint8_t *seen, const uint8_t *p)
{
    uint32_t c = (uint32_t)p[0] << 16 | p[1] << 8 | p[2];
    int new = !(seen[c >> 3] & 1 << (c & 7));

    seen[c >> 3] |= 1 << (c & 7);
    return new;
}

// Counts the colours of a sheet with too many, for the error message: the
// palette so far (pixels before `from` already hold indices), plus those
// still in r,g,b form from pixel `from` on.
static uint32_t
count_colors(const struct decoded *d, size_t from)
{
    uint8_t *seen = calloc(1 << 21, 1);
    size_t pixels = (size_t)d->width * d->height;
    uint32_t n = 0;

    if (!seen)
        return 0;
    for (uint32_t i = 0; i < d->palette_count; i++)
        n += mark_new(seen, d->palette + 3 * i);
    for (size_t i = from; i < pixels; i++)
        n += mark_new(seen, d->pixels + 3 * i);
    free(seen);
    return n;
}

// Replaces the r,g,b triples in d by indices into a palette built in order
// of first appearance, in place (each index is written behind the pixel it
// came from).
static int
index_colors(struct decoded *d, char *err)
{
    uint32_t key[HASH_SLOTS] = {0};      // colour + 1; 0 marks a free slot
    uint8_t index[HASH_SLOTS];
    size_t pixels = (size_t)d->width * d->height;

    d->palette_count = 0;
    for (size_t i = 0; i < pixels; i++) {
        const uint8_t *p = d->pixels + 3 * i;
        uint32_t c = (uint32_t)p[0] << 16 | p[1] << 8 | p[2];
        uint32_t slot = (c * 2654435761u) >> 22;  // Knuth's multiplicative hash, 10 bits
        while (key[slot] && key[slot] != c + 1)
            slot = (slot + 1) & (HASH_SLOTS - 1);
        if (!key[slot]) {
            if (d->palette_count == CART_MAX_COLORS)
                return errorf(err, "%u colours, more than %d: the first extra one, #%06x, is at "
                            "(%zu, %zu) (save the sheet as an indexed PNG)",
                            count_colors(d, i), CART_MAX_COLORS, c, i % d->width, i / d->width);
            key[slot] = c + 1;
            index[slot] = (uint8_t)d->palette_count;
            memcpy(d->palette + 3 * d->palette_count, p, 3);
            d->palette_count++;
        }
        d->pixels[i] = index[slot];
    }
    for (uint32_t y = 0; y < d->height; y++)
        d->rows[y] = d->pixels + (size_t)y * d->width;
    return 0;
}

// Cuts the index image into frames, row of frames after row of frames; the
// parts of edge frames beyond the sheet stay 0.
static int
cut_frames(const struct decoded *d, struct mk_sheet *s, char *err)
{
    uint32_t cols = (d->width + CART_FRAME_WIDTH - 1) / CART_FRAME_WIDTH;
    uint32_t rows = (d->height + CART_FRAME_HEIGHT - 1) / CART_FRAME_HEIGHT;

    s->frame_count = cols * rows;
    if (!(s->frames = calloc(s->frame_count, CART_FRAME_SIZE)))
        return errorf(err, "out of memory for %u frames", s->frame_count);
    for (uint32_t fy = 0; fy < rows; fy++)
        for (uint32_t fx = 0; fx < cols; fx++) {
            uint8_t *frame = s->frames + (size_t)(fy * cols + fx) * CART_FRAME_SIZE;
            uint32_t x0 = fx * CART_FRAME_WIDTH, y0 = fy * CART_FRAME_HEIGHT;
            uint32_t w = d->width - x0 < CART_FRAME_WIDTH ? d->width - x0 : CART_FRAME_WIDTH;
            for (uint32_t y = 0; y < CART_FRAME_HEIGHT && y0 + y < d->height; y++)
                memcpy(frame + y * CART_FRAME_WIDTH, d->rows[y0 + y] + x0, w);
        }
    s->palette_count = d->palette_count;
    memcpy(s->palette, d->palette, sizeof s->palette);
    return 0;
}

// Runs decode under libpng's error handling: on an error, on_png_error
// jumps back to the setjmp here, and nothing that changed since is used.
static int
read_png(FILE *f, struct decoded *d, char *err)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, err, on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int ok;

    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return errorf(err, "out of memory");
    }
    ok = setjmp(png_jmpbuf(png)) == 0 && decode(png, info, f, d, err) == 0;
    png_destroy_read_struct(&png, &info, NULL);
    return ok ? 0 : -1;
}

int
load_sheet(const char *path, struct mk_sheet *s, char *err)
{
    struct decoded *d = calloc(1, sizeof *d);
    FILE *f = fopen(path, "rb");
    int rc = -1;

    s->frames = NULL;
    if (!f)
        errorf(err, "cannot open: %s", strerror(errno));
    else if (!d)
        errorf(err, "out of memory");
    else if (read_png(f, d, err) == 0)
        rc = (d->indexed ? check_indices(d, err) : index_colors(d, err)) ||
             cut_frames(d, s, err) ? -1 : 0;
    if (f)
        fclose(f);
    if (d) {
        free(d->pixels);
        free(d->rows);
    }
    free(d);
    return rc;
}

void
free_sheet(struct mk_sheet *s)
{
    free(s->frames);
    s->frames = NULL;
}

// Text and numbers (gfx.h) in a built-in 3 x 5 font: big enough to read
// on a 64 x 64 screen, 16 characters a line, 10 lines.
#include <stdint.h>

#include "gfx.h"

#define GLYPH_W        3
#define GLYPH_H        5

// A glyph's 15 bits are its rows from the top, each row's 3 pixels from
// the left, the first pixel in bit 14.  ASCII ' ' to '`', then '{' to '~'.
static const uint16_t glyphs[] = {
    0x0000, // ' '   ... ... ... ... ...
    0x2482, // '!'   .#. .#. .#. ... .#.
    0x5A00, // '"'   #.# #.# ... ... ...
    0x5F7D, // '#'   #.# ### #.# ### #.#
    0x3C9E, // '$'   .## ##. .#. .## ##.
    0x52A5, // '%'   #.# ..# .#. #.. #.#
    0x2AAB, // '&'   .#. #.# .#. #.# .##
    0x2400, // '\''  .#. .#. ... ... ...
    0x1491, // '('   ..# .#. .#. .#. ..#
    0x4494, // ')'   #.. .#. .#. .#. #..
    0x0AA8, // '*'   ... #.# .#. #.# ...
    0x05D0, // '+'   ... .#. ### .#. ...
    0x0014, // ','   ... ... ... .#. #..
    0x01C0, // '-'   ... ... ### ... ...
    0x0002, // '.'   ... ... ... ... .#.
    0x12A4, // '/'   ..# ..# .#. #.. #..
    0x7B6F, // '0'   ### #.# #.# #.# ###
    0x2C97, // '1'   .#. ##. .#. .#. ###
    0x73E7, // '2'   ### ..# ### #.. ###
    0x73CF, // '3'   ### ..# ### ..# ###
    0x5BC9, // '4'   #.# #.# ### ..# ..#
    0x79CF, // '5'   ### #.. ### ..# ###
    0x79EF, // '6'   ### #.. ### #.# ###
    0x7292, // '7'   ### ..# .#. .#. .#.
    0x7BEF, // '8'   ### #.# ### #.# ###
    0x7BCF, // '9'   ### #.# ### ..# ###
    0x0410, // ':'   ... .#. ... .#. ...
    0x0414, // ';'   ... .#. ... .#. #..
    0x1511, // '<'   ..# .#. #.. .#. ..#
    0x0E38, // '='   ... ### ... ### ...
    0x4454, // '>'   #.. .#. ..# .#. #..
    0x7282, // '?'   ### ..# .#. ... .#.
    0x2BE3, // '@'   .#. #.# ### #.. .##
    0x2BED, // 'A'   .#. #.# ### #.# #.#
    0x6BAE, // 'B'   ##. #.# ##. #.# ##.
    0x3923, // 'C'   .## #.. #.. #.. .##
    0x6B6E, // 'D'   ##. #.# #.# #.# ##.
    0x79A7, // 'E'   ### #.. ##. #.. ###
    0x79A4, // 'F'   ### #.. ##. #.. #..
    0x396B, // 'G'   .## #.. #.# #.# .##
    0x5BED, // 'H'   #.# #.# ### #.# #.#
    0x7497, // 'I'   ### .#. .#. .#. ###
    0x126A, // 'J'   ..# ..# ..# #.# .#.
    0x5BAD, // 'K'   #.# #.# ##. #.# #.#
    0x4927, // 'L'   #.. #.. #.. #.. ###
    0x5FED, // 'M'   #.# ### ### #.# #.#
    0x6B6D, // 'N'   ##. #.# #.# #.# #.#
    0x2B6A, // 'O'   .#. #.# #.# #.# .#.
    0x6BA4, // 'P'   ##. #.# ##. #.. #..
    0x2B73, // 'Q'   .#. #.# #.# ##. .##
    0x6BAD, // 'R'   ##. #.# ##. #.# #.#
    0x388E, // 'S'   .## #.. .#. ..# ##.
    0x7492, // 'T'   ### .#. .#. .#. .#.
    0x5B6F, // 'U'   #.# #.# #.# #.# ###
    0x5B6A, // 'V'   #.# #.# #.# #.# .#.
    0x5BFD, // 'W'   #.# #.# ### ### #.#
    0x5AAD, // 'X'   #.# #.# .#. #.# #.#
    0x5A92, // 'Y'   #.# #.# .#. .#. .#.
    0x72A7, // 'Z'   ### ..# .#. #.. ###
    0x3493, // '['   .## .#. .#. .#. .##
    0x4889, // '\\'  #.. #.. .#. ..# ..#
    0x6496, // ']'   ##. .#. .#. .#. ##.
    0x2A00, // '^'   .#. #.# ... ... ...
    0x0007, // '_'   ... ... ... ... ###
    0x4400, // '`'   #.. .#. ... ... ...
    0x3593, // '{'   .## .#. ##. .#. .##
    0x2492, // '|'   .#. .#. .#. .#. .#.
    0x64D6, // '}'   ##. .#. .## .#. ##.
    0x03E0, // '~'   ... ..# ### #.. ...
};
#define GLYPHS         (sizeof(glyphs) / sizeof(glyphs[0]))

static uint16_t glyph(unsigned char ch)
{
    if (ch >= 'a' && ch <= 'z')
        ch -= 'a' - 'A';
    if (ch >= ' ' && ch <= '`')
        return glyphs[ch - ' '];
    if (ch >= '{' && ch <= '~')
        return glyphs['`' - ' ' + 1 + ch - '{'];
    return glyphs['?' - ' '];
}

void gfx_text(uint8_t *s, int x, int y, const char *text, uint8_t c)
{
    // In 64 bits: a long text far off the screen does not wrap onto it.
    int64_t cx = x, cy = y;

    for (; *text; text++) {
        if (*text == '\n') {
            cx = x;
            cy += GFX_CHAR_H;
            continue;
        }
        // Only a cell on the screen is drawn, so the pixels' ints hold.
        if (cx > -GFX_CHAR_W && cx < GFX_W && cy > -GFX_CHAR_H && cy < GFX_H) {
            uint16_t bits = glyph((unsigned char)*text);
            for (int i = 0; i < GLYPH_W * GLYPH_H; i++)
                if (bits >> (GLYPH_W * GLYPH_H - 1 - i) & 1)
                    gfx_pixel(s, (int)cx + i % GLYPH_W, (int)cy + i / GLYPH_W, c);
        }
        cx += GFX_CHAR_W;
    }
}

int gfx_text_width(const char *text)
{
    int widest = 0, n = 0;

    for (;; text++) {
        if (!*text || *text == '\n') {
            if (n * GFX_CHAR_W - 1 > widest)
                widest = n * GFX_CHAR_W - 1;
            if (!*text)
                return widest;
            n = 0;
        } else {
            n++;
        }
    }
}

int gfx_format(char *buf, int32_t n, int digits)
{
    // The magnitude as unsigned: -2147483648 has no positive int32_t.
    uint32_t v = n < 0 ? -(uint32_t)n : (uint32_t)n;
    char reversed[10];
    int len = 0, count = 0;

    if (digits > 10)
        digits = 10;
    do {
        reversed[count++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (count < digits)
        reversed[count++] = '0';
    if (n < 0)
        buf[len++] = '-';
    while (count)
        buf[len++] = reversed[--count];
    buf[len] = '\0';
    return len;
}

void gfx_number(uint8_t *s, int x, int y, int32_t n, int digits, uint8_t c)
{
    char buf[GFX_NUMBER_MAX];

    gfx_format(buf, n, digits);
    gfx_text(s, x, y, buf, c);
}

// UTF-8 as the kernel reads it (lib/utf8.h).  One decoder serves a task's
// text (utf8_sanitize, for the print service) and the log on the screen
// (fbcon), so no encoding of a control character gets past either: only
// the shortest form of a Unicode scalar value decodes, and every malformed
// sequence becomes one UTF8_REPLACEMENT.
#include <stdint.h>

#include "lib/utf8.h"

#define SURROGATE_FIRST     0xD800       // UTF-16's halves: no character of their own
#define SURROGATE_LAST      0xDFFF
#define CODE_LAST           0x10FFFF     // the last code point Unicode has
#define LINE_SEPARATOR      0x2028
#define PARAGRAPH_SEPARATOR 0x2029

// The smallest code point a sequence with that many continuation bytes may
// carry: anything below is an overlong form (C0 8A would be a line feed).
static const uint32_t shortest[4] = { 0, 0x80, 0x800, 0x10000 };

// The bits a first byte carries and the continuation bytes it announces;
// 0 for a byte that cannot start a character (a continuation, F8-FF).
static int start(uint8_t byte, uint32_t *code, int *left)
{
    if (byte < 0x80) {
        *code = byte;
        *left = 0;
    } else if ((byte & 0xE0) == 0xC0) {
        *code = byte & 0x1F;
        *left = 1;
    } else if ((byte & 0xF0) == 0xE0) {
        *code = byte & 0x0F;
        *left = 2;
    } else if ((byte & 0xF8) == 0xF0) {
        *code = byte & 0x07;
        *left = 3;
    } else {
        return 0;
    }
    return 1;
}

static uint32_t checked(uint32_t code, int length)
{
    if (code < shortest[length] || (code >= SURROGATE_FIRST && code <= SURROGATE_LAST) ||
        code > CODE_LAST)
        return UTF8_REPLACEMENT;
    return code;
}

int utf8_feed(struct utf8_decoder *st, uint8_t byte, uint32_t out[UTF8_FEED_MAX])
{
    uint32_t code;
    int left, n = 0;

    if (st->left) {
        if ((byte & 0xC0) == 0x80) {
            st->code = st->code << 6 | (byte & 0x3F);
            if (--st->left)
                return 0;
            out[0] = checked(st->code, st->length);
            return 1;
        }
        // Cut short: the bytes so far are one malformed sequence, and this
        // byte is read afresh.
        st->left = 0;
        out[n++] = UTF8_REPLACEMENT;
    }
    if (!start(byte, &code, &left)) {
        out[n++] = UTF8_REPLACEMENT;
    } else if (!left) {
        out[n++] = code;
    } else {
        st->code = code;
        st->left = st->length = left;
    }
    return n;
}

int utf8_end(struct utf8_decoder *st, uint32_t *code)
{
    if (!st->left)
        return 0;
    st->left = 0;
    *code = UTF8_REPLACEMENT;
    return 1;
}

int utf8_is_control(uint32_t code)
{
    return code < 0x20 || (code >= 0x7F && code <= 0x9F) || code == LINE_SEPARATOR ||
           code == PARAGRAPH_SEPARATOR;
}

// Writes code's shortest form at s; returns its length.
static uint32_t encode(uint32_t code, char *s)
{
    if (code < 0x80) {
        s[0] = (char)code;
        return 1;
    }
    if (code < 0x800) {
        s[0] = (char)(0xC0 | code >> 6);
        s[1] = (char)(0x80 | (code & 0x3F));
        return 2;
    }
    if (code < 0x10000) {
        s[0] = (char)(0xE0 | code >> 12);
        s[1] = (char)(0x80 | (code >> 6 & 0x3F));
        s[2] = (char)(0x80 | (code & 0x3F));
        return 3;
    }
    s[0] = (char)(0xF0 | code >> 18);
    s[1] = (char)(0x80 | (code >> 12 & 0x3F));
    s[2] = (char)(0x80 | (code >> 6 & 0x3F));
    s[3] = (char)(0x80 | (code & 0x3F));
    return 4;
}

uint32_t utf8_sanitize(char *s)
{
    struct utf8_decoder st = { 0, 0, 0 };
    uint32_t codes[UTF8_FEED_MAX], out = 0;
    int n;

    // In place: a character is written only once all the bytes it came from
    // have been read, and never takes more bytes than they did (a valid one
    // the same, a '?' one), so the writing never overtakes the reading.
    for (uint32_t in = 0; s[in]; in++) {
        n = utf8_feed(&st, (uint8_t)s[in], codes);
        for (int i = 0; i < n; i++)
            out += encode(utf8_is_control(codes[i]) ? UTF8_REPLACEMENT : codes[i], s + out);
    }
    if (utf8_end(&st, codes))
        s[out++] = UTF8_REPLACEMENT;
    s[out] = '\0';
    return out;
}

uint32_t utf8_count(const char *s, uint32_t n)
{
    uint32_t count = 0;

    // A character starts at every byte but a continuation byte.
    for (uint32_t i = 0; i < n; i++)
        count += ((uint8_t)s[i] & 0xC0) != 0x80;
    return count;
}

// UTF-8 decoding for the text the kernel draws (lib/utf8.h).
#include <stdint.h>

#include "lib/utf8.h"

int utf8_feed(struct utf8_decoder *st, uint8_t byte, uint32_t *code)
{
    if (st->left && (byte & 0xC0) == 0x80) {
        st->code = st->code << 6 | (byte & 0x3F);
        if (--st->left)
            return 0;
        *code = st->code;
        return 1;
    }
    st->left = 0;
    if (byte < 0x80) {
        *code = byte;
        return 1;
    }
    if ((byte & 0xE0) == 0xC0) {
        st->code = byte & 0x1F;
        st->left = 1;
    } else if ((byte & 0xF0) == 0xE0) {
        st->code = byte & 0x0F;
        st->left = 2;
    } else if ((byte & 0xF8) == 0xF0) {
        st->code = byte & 0x07;
        st->left = 3;
    } else {
        *code = '?';
        return 1;
    }
    return 0;
}

uint32_t utf8_count(const char *s, uint32_t n)
{
    uint32_t count = 0;

    // A character starts at every byte but a continuation byte.
    for (uint32_t i = 0; i < n; i++)
        count += ((uint8_t)s[i] & 0xC0) != 0x80;
    return count;
}

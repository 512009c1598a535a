// UTF-8, as the framebuffer console and the display decode and measure the
// log's text.
#ifndef GENESIS_UTF8_H
#define GENESIS_UTF8_H

#include <stdint.h>

// Where a multi-byte sequence has got to: the code point so far and the
// continuation bytes it still needs.
struct utf8_decoder {
    uint32_t code;
    int left;
};

// Feeds one byte; returns 1 when it completes a code point in *code.  A byte
// that cannot start a character becomes '?'; a sequence cut short is dropped.
int utf8_feed(struct utf8_decoder *st, uint8_t byte, uint32_t *code);

// How many characters the first n bytes of text hold.
uint32_t utf8_count(const char *s, uint32_t n);

#endif

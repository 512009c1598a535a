// UTF-8, as the kernel checks a task's text for the log and as the
// framebuffer console and the display decode and measure the log's text.
#ifndef GENESIS_UTF8_H
#define GENESIS_UTF8_H

#include <stdint.h>

#define UTF8_REPLACEMENT    '?'          // what a malformed sequence or a control becomes:
                                         // one byte, so a text never grows, and plain ASCII
                                         // on any terminal (the font may lack U+FFFD)
#define UTF8_FEED_MAX       2            // code points one byte can complete

// Where a multi-byte sequence has got to: the code point so far, the
// continuation bytes it still needs, and how many it needed in all.
struct utf8_decoder {
    uint32_t code;
    int left;
    int length;
};

// Feeds one byte; writes the code points it completes to out and returns
// how many (0 to UTF8_FEED_MAX).  Only the shortest form of a Unicode
// scalar value decodes; an overlong form (C0 8A), a surrogate (ED A0 80),
// anything past U+10FFFF, a stray continuation byte and F8-FF each give
// one UTF8_REPLACEMENT, as does a sequence that a byte cuts short (then
// that byte's own code point follows).
int utf8_feed(struct utf8_decoder *st, uint8_t byte, uint32_t out[UTF8_FEED_MAX]);

// At the end of the text: 1 and UTF8_REPLACEMENT in *code when a sequence
// was left unfinished, else 0.  The decoder is ready for a new text.
int utf8_end(struct utf8_decoder *st, uint32_t *code);

// Whether code is a control character: C0 (U+0000-U+001F), DEL, C1
// (U+0080-U+009F), or the line and paragraph separators U+2028 and U+2029:
// what a reader of the log, or a terminal, may take for the end of a line
// or a command.
int utf8_is_control(uint32_t code);

// A task's text made fit for the log, in place: decoded as utf8_feed does,
// every malformed sequence and every control character replaced by
// UTF8_REPLACEMENT, the rest kept byte for byte.  Returns the new length,
// never more than the old.
uint32_t utf8_sanitize(char *s);

// How many characters the first n bytes of text hold.
uint32_t utf8_count(const char *s, uint32_t n);

#endif

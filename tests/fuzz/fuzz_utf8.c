// libFuzzer target on utf8_sanitize, what the print service does to a
// task's text.  It checks the promises the log relies on, against a
// validator written from the Unicode standard's table of well-formed byte
// sequences (Table 3-7) rather than from the decoder: the text never grows,
// comes out well-formed, holds no C0 or C1 control, DEL, U+2028 or U+2029,
// and a second pass changes nothing.  Any broken promise aborts.
#include <stdlib.h>
#include <string.h>
#include "lib/utf8.h"

#define TEXT_MAX            256          // the print service's buffer (SYS_PRINT_MAX)

static void
expect(int ok)
{
    if (!ok)
        abort();
}

// The length of the well-formed sequence at s (Table 3-7), or 0.
static size_t
well_formed(const unsigned char *s, size_t n)
{
    static const struct { unsigned char first, last, lo, hi; size_t len; } rows[] = {
        { 0x00, 0x7F, 0x00, 0x00, 1 }, { 0xC2, 0xDF, 0x80, 0xBF, 2 },
        { 0xE0, 0xE0, 0xA0, 0xBF, 3 }, { 0xE1, 0xEC, 0x80, 0xBF, 3 },
        { 0xED, 0xED, 0x80, 0x9F, 3 }, { 0xEE, 0xEF, 0x80, 0xBF, 3 },
        { 0xF0, 0xF0, 0x90, 0xBF, 4 }, { 0xF1, 0xF3, 0x80, 0xBF, 4 },
        { 0xF4, 0xF4, 0x80, 0x8F, 4 },
    };

    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        if (s[0] < rows[r].first || s[0] > rows[r].last)
            continue;
        if (rows[r].len > n)
            return 0;
        if (rows[r].len > 1 && (s[1] < rows[r].lo || s[1] > rows[r].hi))
            return 0;
        for (size_t i = 2; i < rows[r].len; i++)
            if (s[i] < 0x80 || s[i] > 0xBF)
                return 0;
        return rows[r].len;
    }
    return 0;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char text[TEXT_MAX], again[TEXT_MAX];
    size_t n = size < TEXT_MAX - 1 ? size : TEXT_MAX - 1;

    memcpy(text, data, n);
    text[n] = '\0';
    size_t before = strlen(text);
    uint32_t after = utf8_sanitize(text);
    expect(after <= before && after == strlen(text));
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < after;) {
        size_t len = well_formed(s + i, after - i);
        expect(len != 0);
        expect(!(s[i] < 0x20 || s[i] == 0x7F));
        expect(!(s[i] == 0xC2 && s[i + 1] <= 0x9F));                      // C1
        expect(!(s[i] == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)));
        i += len;
    }
    memcpy(again, text, after + 1);
    expect(utf8_sanitize(again) == after && memcmp(again, text, after + 1) == 0);
    return 0;
}

// Text for print(), since games have no libc: numbers, and a small printf.
#ifndef GENESIS_FORMAT_H
#define GENESIS_FORMAT_H

#include <stdarg.h>
#include <stdint.h>

#include "genesis.h"

// Writes v in `base` (2 to 16) at p, with leading zeros up to `width`
// digits, and no NUL.  Returns the end.
static inline char *
put_number(char *p, uint32_t v, uint32_t base, int width)
{
    char digits[32];
    int n = 0;

    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n < width && n < (int)sizeof digits)
        digits[n++] = '0';
    while (n)
        *p++ = digits[--n];
    return p;
}

// print() of a formatted line: %u and %d (decimal), %x (eight hex digits),
// %s, %c, %% .  A line longer than print() takes is cut.
static inline void
say(const char *fmt, ...)
{
    // A number adds at most 11 characters: stop early enough for one.
    char line[GENESIS_PRINT_MAX], *p = line, *end = line + sizeof line - 12;
    va_list ap;

    va_start(ap, fmt);
    for (; *fmt && p < end; fmt++) {
        if (*fmt != '%') {
            *p++ = *fmt;
            continue;
        }
        if (!*++fmt)
            break;
        switch (*fmt) {
        case 'u':
            p = put_number(p, va_arg(ap, uint32_t), 10, 1);
            break;
        case 'd': {
            int v = va_arg(ap, int);
            if (v < 0)
                *p++ = '-';
            p = put_number(p, v < 0 ? -(uint32_t)v : (uint32_t)v, 10, 1);
            break;
        }
        case 'x':
            p = put_number(p, va_arg(ap, uint32_t), 16, 8);
            break;
        case 's':
            for (const char *s = va_arg(ap, const char *); *s && p < end; s++)
                *p++ = *s;
            break;
        case 'c':
            *p++ = (char)va_arg(ap, int);
            break;
        default:
            *p++ = *fmt;
        }
    }
    va_end(ap);
    *p = '\0';
    print(line);
}

#endif

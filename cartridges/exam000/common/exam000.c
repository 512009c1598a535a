// say() and wait_state() for the exam-000 sample.
#include <stdarg.h>
#include <stdint.h>

#include <genesis.h>

#include "exam000.h"

void say(const char *fmt, ...)
{
    char line[GENESIS_PRINT_MAX];
    char digits[10];
    int n = 0;
    va_list ap;

    va_start(ap, fmt);
    for (; *fmt && n < GENESIS_PRINT_MAX - 1; fmt++) {
        if (*fmt != '%' || !fmt[1]) {
            line[n++] = *fmt;
            continue;
        }
        switch (*++fmt) {
        case 'u': {
            uint32_t value = va_arg(ap, uint32_t);
            int d = 0;
            do {
                digits[d++] = '0' + value % 10;
                value /= 10;
            } while (value);
            while (d && n < GENESIS_PRINT_MAX - 1)
                line[n++] = digits[--d];
            break;
        }
        case 's':
            for (const char *s = va_arg(ap, const char *); *s && n < GENESIS_PRINT_MAX - 1; s++)
                line[n++] = *s;
            break;
        case 'c':
            line[n++] = (char)va_arg(ap, int);
            break;
        default:
            line[n++] = *fmt;
        }
    }
    va_end(ap);
    line[n] = 0;
    print(line);
}

void wait_state(char letter, uint8_t state)
{
    int valid;

    // Until the owner has an area, ReadData says invalid: keep asking.
    // States only go up, and the owner may be past state already.
    while (read_data(letter, STATE, &valid) < state || !valid)
        ;
}

// A small printf for the log, and panic.
#include <stdarg.h>
#include <stdint.h>

#include "console.h"
#include "kernel.h"
#include "kprintf.h"
#include "serial.h"
#include "x86.h"

static void putc_both(char c)
{
    // Terminals on the serial line want CR LF.
    if (c == '\n')
        serial_putc('\r');
    serial_putc(c);
    console_putc(c);
}

static void put_unsigned(uint32_t value, unsigned base, int width, char pad)
{
    char digits[10];
    int n = 0;

    do {
        digits[n++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value);
    for (; width > n; width--)
        putc_both(pad);
    while (n)
        putc_both(digits[--n]);
}

void kvprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            putc_both(*fmt);
            continue;
        }
        char pad = ' ';
        int width = 0;
        if (*++fmt == '0')
            pad = *fmt++;
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');

        switch (*fmt) {
        case 'd': {
            int value = va_arg(ap, int);
            if (value < 0) {
                putc_both('-');
                width--;
            }
            // Negate as unsigned: -INT_MIN does not fit in an int.
            put_unsigned(value < 0 ? -(uint32_t)value : (uint32_t)value, 10, width, pad);
            break;
        }
        case 'u':
            put_unsigned(va_arg(ap, uint32_t), 10, width, pad);
            break;
        case 'x':
            put_unsigned(va_arg(ap, uint32_t), 16, width, pad);
            break;
        case 'c':
            putc_both((char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = 0;
            if (!s)
                s = "(null)";
            while (s[len])
                len++;
            for (; width > len; width--)
                putc_both(' ');
            while (*s)
                putc_both(*s++);
            break;
        }
        case '%':
            putc_both('%');
            break;
        default:
            // Unknown conversion: show it rather than lose it; a format
            // ending in '%' stops here.
            putc_both('%');
            if (!*fmt)
                return;
            putc_both(*fmt);
        }
    }
}

void kprintf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    static int panicking;
    va_list ap;

    cli();
    // A panic while panicking may come from the screen: use the serial line only.
    if (panicking++)
        console_detach();
    kprintf("panic: ");
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    end_run(HALT_PANIC);
}

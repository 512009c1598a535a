// A small printf for the log (lib/log.c) and for buffers, panic, and the
// end of a run.
#include <stdarg.h>
#include <stdint.h>

#include "arch/x86.h"
#include "lib/kprintf.h"
#include "lib/log.h"

// Where formatted text goes: the log, or a buffer of `size` bytes.
struct sink {
    char *buf;                           // 0: the log
    uint32_t size, len;                  // len: characters stored in buf
};

static void put(struct sink *out, char c)
{
    if (!out->buf)
        log_putc(c);
    else if (out->len + 1 < out->size)
        out->buf[out->len++] = c;
}

static void put_unsigned(struct sink *out, uint32_t value, unsigned base, int width, char pad)
{
    char digits[10];
    int n = 0;

    do {
        digits[n++] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value);
    for (; width > n; width--)
        put(out, pad);
    while (n)
        put(out, digits[--n]);
}

// 64-bit values in hexadecimal only: shifts, where decimal would need the
// 64-bit division that a freestanding 32-bit kernel does not have.
static void put_hex64(struct sink *out, uint64_t value, int width, char pad)
{
    if (value >> 32) {
        put_unsigned(out, (uint32_t)(value >> 32), 16, width > 8 ? width - 8 : 0, pad);
        put_unsigned(out, (uint32_t)value, 16, 8, '0');
    } else {
        put_unsigned(out, (uint32_t)value, 16, width, pad);
    }
}

static void format(struct sink *out, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(out, *fmt);
            continue;
        }
        char pad = ' ';
        int width = 0;
        if (*++fmt == '0')
            pad = *fmt++;
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');

        if (fmt[0] == 'l' && fmt[1] == 'l' && fmt[2] == 'x') {
            fmt += 2;
            put_hex64(out, va_arg(ap, uint64_t), width, pad);
            continue;
        }
        switch (*fmt) {
        case 'd': {
            int value = va_arg(ap, int);
            if (value < 0) {
                put(out, '-');
                width--;
            }
            // Negate as unsigned: -INT_MIN does not fit in an int.
            put_unsigned(out, value < 0 ? -(uint32_t)value : (uint32_t)value, 10, width, pad);
            break;
        }
        case 'u':
            put_unsigned(out, va_arg(ap, uint32_t), 10, width, pad);
            break;
        case 'x':
            put_unsigned(out, va_arg(ap, uint32_t), 16, width, pad);
            break;
        case 'c':
            put(out, (char)va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = 0;
            if (!s)
                s = "(null)";
            while (s[len])
                len++;
            for (; width > len; width--)
                put(out, ' ');
            while (*s)
                put(out, *s++);
            break;
        }
        case '%':
            put(out, '%');
            break;
        default:
            // Unknown conversion: show it rather than lose it; a format
            // ending in '%' stops here.
            put(out, '%');
            if (!*fmt)
                return;
            put(out, *fmt);
        }
    }
}

void kvprintf(const char *fmt, va_list ap)
{
    struct sink log = { 0, 0, 0 };

    format(&log, fmt, ap);
}

uint32_t ksnprintf(char *buf, uint32_t size, const char *fmt, ...)
{
    struct sink out = { buf, size, 0 };
    va_list ap;

    if (size == 0)
        return 0;
    va_start(ap, fmt);
    format(&out, fmt, ap);
    va_end(ap);
    buf[out.len] = '\0';
    return out.len;
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
    // The lines waiting for the wire go out first, and the dump after them,
    // as it is written.  A panic while panicking may come from a display:
    // the wire alone then.
    log_write_through(panicking++ > 0);
    kprintf("panic: ");
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    end_run(HALT_PANIC);
}

static void (*run_report)(void);

void halt_set_report(void (*report)(void))
{
    run_report = report;
}

void end_run(int code)
{
    static int ending;

    cli();
    // Nothing is left waiting when QEMU is told to exit.
    log_write_through(0);
    // A panic inside the report must not run the report again.
    if (run_report && !ending++)
        run_report();
    kprintf("genesis: halt code=%d\n", code);
    outb(QEMU_EXIT_PORT, QEMU_EXIT_BASE + code);
    for (;;)
        hlt();
}

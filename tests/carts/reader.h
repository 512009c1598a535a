// What the reader's test cartridges (tests/carts/reader_*/) share: reading a
// frame that the kernel may refresh meanwhile, and log lines with numbers in
// them, which the boot tests parse and check against the cartridge file.
#ifndef READER_TEST_H
#define READER_TEST_H

#include <stdarg.h>
#include <stdint.h>

#include <genesis.h>

#define DMA_FRAME   ((const volatile uint8_t *)GENESIS_DMA_ADDR)
#define COUNTER(f)  ((f)[0])             // tests/carts/reader_basic/frames.py puts it there

// FNV-1a over a whole frame; tests/test_reader.py computes the same.
static inline uint32_t
frame_sum(const volatile uint8_t *frame)
{
    uint32_t h = 2166136261u;

    for (uint32_t i = 0; i < GENESIS_FRAME_SIZE; i++)
        h = (h ^ frame[i]) * 16777619u;
    return h;
}

static inline int
is_zero(const volatile uint8_t *frame)
{
    for (uint32_t i = 0; i < GENESIS_FRAME_SIZE; i++)
        if (frame[i])
            return 0;
    return 1;
}

// The checksum of one whole frame, and its counter in *counter.  A frame
// that changed while it was read is read again: the counter would differ.
static inline uint32_t
frame_snapshot(const volatile uint8_t *frame, uint8_t *counter)
{
    for (;;) {
        uint8_t before = COUNTER(frame);
        uint32_t sum = frame_sum(frame);
        if (COUNTER(frame) == before) {
            *counter = before;
            return sum;
        }
    }
}

// Spins until the frame's counter is no longer `counter`: the next frame
// has arrived in a mapping that the kernel refreshes.
static inline void
wait_change(const volatile uint8_t *frame, uint8_t counter)
{
    while (COUNTER(frame) == counter)
        ;
}

static inline char *
put_unsigned(char *p, uint32_t v, uint32_t base, int width)
{
    char digits[10];
    int n = 0;

    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n < width)
        digits[n++] = '0';
    while (n)
        *p++ = digits[--n];
    return p;
}

// print() with %u (decimal), %x (eight hex digits), %d and %s.
static inline void
say(const char *fmt, ...)
{
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
            p = put_unsigned(p, va_arg(ap, uint32_t), 10, 1);
            break;
        case 'd': {
            int v = va_arg(ap, int);
            if (v < 0)
                *p++ = '-';
            p = put_unsigned(p, v < 0 ? -(uint32_t)v : (uint32_t)v, 10, 1);
            break;
        }
        case 'x':
            p = put_unsigned(p, va_arg(ap, uint32_t), 16, 8);
            break;
        case 's':
            for (const char *s = va_arg(ap, const char *); *s && p < end; s++)
                *p++ = *s;
            break;
        default:
            *p++ = *fmt;
        }
    }
    va_end(ap);
    *p = '\0';
    print(line);
}

// Opens the reader in `mode`; the task sleeps until the next frame.
static inline int
open_mode(uint8_t mode, uint32_t copy_addr)
{
    GENESIS_ACCESS = mode;
    return opendevice(copy_addr);
}

#endif

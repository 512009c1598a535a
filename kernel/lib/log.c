// The kernel log's lines, its displays and its wire (lib/log.h).  Kernel
// code runs with interrupts off, the wire's interrupt handler included, so
// nothing here is ever entered twice at once.
#include <stdint.h>

#include "lib/log.h"

#define NOTICE_MAX          32           // "log: 4294967295 lines dropped\n"

static char line[LOG_LINE_MAX];          // the line being put together
static uint32_t line_len;

static void (*wire)(char c);
static void (*kick)(void);               // 0: the log writes through
static struct {
    void (*putc)(char c);
    void (*flush)(void);
} displays[LOG_DISPLAYS];
static uint32_t display_count;

// Bytes head - tail .. head - 1 wait for the wire, at index % LOG_RING_SIZE;
// both counters run on and wrap, and the difference stays right.
static char ring[LOG_RING_SIZE];
static uint32_t head, tail;
static uint32_t dropped;                 // lines since the last notice

void log_set_wire(void (*putc)(char c))
{
    wire = putc;
}

void log_add_display(void (*putc)(char c), void (*flush)(void))
{
    if (display_count < LOG_DISPLAYS) {
        displays[display_count].putc = putc;
        displays[display_count].flush = flush;
        display_count++;
    }
}

void log_buffer(void (*k)(void))
{
    kick = k;
}

static uint32_t room(void)
{
    return LOG_RING_SIZE - (head - tail);
}

static void ring_put(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        ring[head++ % LOG_RING_SIZE] = s[i];
}

// "log: <n> lines dropped\n" ("1 line") into out; returns its length.
static uint32_t drop_notice(char *out)
{
    static const char before[] = "log: ";
    const char *after = dropped == 1 ? " line dropped\n" : " lines dropped\n";
    char digits[10];
    uint32_t n = 0, len = 0, value = dropped;

    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    for (uint32_t i = 0; before[i]; i++)
        out[len++] = before[i];
    while (n)
        out[len++] = digits[--n];
    for (uint32_t i = 0; after[i]; i++)
        out[len++] = after[i];
    return len;
}

// A line for the wire: into the ring, after the notice of the lines
// dropped before it, or dropped itself when the two do not fit.  The wire
// is kicked either way: an idle one may make room for the next line.
static void queue(const char *s, uint32_t n)
{
    char notice[NOTICE_MAX];
    uint32_t notice_len = dropped ? drop_notice(notice) : 0;

    if (room() < notice_len + n) {
        dropped++;
    } else {
        ring_put(notice, notice_len);
        dropped = 0;
        ring_put(s, n);
    }
    kick();
}

// The wire first: a display that faults (a panic inside a panic) must not
// cost the wire the line.
static void commit(const char *s, uint32_t n)
{
    if (kick) {
        queue(s, n);
    } else if (wire) {
        for (uint32_t i = 0; i < n; i++)
            wire(s[i]);
    }
    for (uint32_t d = 0; d < display_count; d++) {
        for (uint32_t i = 0; i < n; i++)
            displays[d].putc(s[i]);
        if (!kick)
            displays[d].flush();
    }
}

int log_wire_take(char *c)
{
    if (head == tail && dropped) {
        char notice[NOTICE_MAX];
        ring_put(notice, drop_notice(notice));
        dropped = 0;
    }
    if (head == tail)
        return 0;
    *c = ring[tail++ % LOG_RING_SIZE];
    return 1;
}

void log_write_through(int wire_only)
{
    char c;

    if (wire_only)
        display_count = 0;
    if (kick) {
        kick = 0;
        while (log_wire_take(&c))
            if (wire)
                wire(c);
    }
    for (uint32_t d = 0; d < display_count; d++)
        displays[d].flush();
}

void log_putc(char c)
{
    line[line_len++] = c;
    if (c == '\n' || line_len == LOG_LINE_MAX) {
        commit(line, line_len);
        line_len = 0;
    }
}

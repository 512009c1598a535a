// The timeline's ring and its writing out (timeline.h).  The ring is the
// pages it was given, one after another: event i is in page i / 256.  When
// it is full the oldest event gives way, so the end of a run is always
// there; the first line written out says how many gave way.
#include <stdint.h>

#include "arch/x86.h"
#include "lib/kprintf.h"
#include "lib/timeline.h"

#define TEXT_MAX            128          // the begin line, a task's line, the end line

int timeline_on;

static struct timeline_event *ring[TIMELINE_PAGES];
static uint32_t capacity;                // events the ring holds
static uint32_t recorded;                // events since the start; the newest is
                                         // recorded - 1, at (recorded - 1) % capacity
static int started;
static struct timeline_rate rate;
static char names[TIMELINE_TASKS][TIMELINE_NAME_MAX];
static uint32_t pages_kernel, pages_task; // the last TL_PAGES event's figures
static int pages_known;

void timeline_start(void *const pages[], uint32_t n, const struct timeline_rate *r)
{
    if (n > TIMELINE_PAGES)
        n = TIMELINE_PAGES;
    for (uint32_t i = 0; i < n; i++)
        ring[i] = pages[i];
    capacity = n * TIMELINE_PAGE_EVENTS;
    recorded = 0;
    pages_known = 0;
    rate = *r;
    started = 1;
    timeline_on = capacity > 0;
}

void timeline_name(uint32_t task, const char *name)
{
    uint32_t i;

    if (task >= TIMELINE_TASKS)
        return;
    for (i = 0; i < TIMELINE_NAME_MAX - 1 && name[i]; i++)
        names[task][i] = name[i];
    names[task][i] = '\0';
}

static void add(uint64_t time, uint32_t kind, uint32_t task, uint32_t arg,
                uint32_t value)
{
    uint32_t i = recorded % capacity;
    struct timeline_event *e = &ring[i / TIMELINE_PAGE_EVENTS][i % TIMELINE_PAGE_EVENTS];

    e->time = time;
    e->kind = kind;
    e->task = task;
    e->arg = arg;
    e->value = value;
    recorded++;
}

void timeline_event(uint32_t kind, uint32_t task, uint32_t arg, uint32_t value)
{
    if (timeline_on)
        add(rdtsc(), kind, task, arg, value);
}

void timeline_span(uint32_t kind, uint32_t task, uint32_t arg, uint64_t start)
{
    if (timeline_on)
        add(start, kind, task, arg, (uint32_t)(rdtsc() - start));
}

void timeline_pages(uint32_t kernel_free, uint32_t task_free)
{
    if (!timeline_on || (pages_known && kernel_free == pages_kernel && task_free == pages_task))
        return;
    pages_kernel = kernel_free;
    pages_task = task_free;
    pages_known = 1;
    timeline_event(TL_PAGES, 0, kernel_free, task_free);
}

static void put_text(void (*putc)(char c), const char *s)
{
    while (*s)
        putc(*s++);
}

static void put_hex_bytes(void (*putc)(char c), const uint8_t *bytes, uint32_t n)
{
    static const char digits[] = "0123456789abcdef";

    for (uint32_t i = 0; i < n; i++) {
        putc(digits[bytes[i] >> 4]);
        putc(digits[bytes[i] & 15]);
    }
}

void timeline_write(void (*putc)(char c))
{
    char line[TEXT_MAX];
    uint32_t kept, first;

    if (!started)
        return;
    timeline_on = 0;
    kept = recorded < capacity ? recorded : capacity;
    first = recorded - kept;
    ksnprintf(line, sizeof(line), "timeline: begin version=%u events=%u lost=%u tsc=%u ref=%u "
              "ref_hz=%u\n", TIMELINE_VERSION, kept, first, rate.tsc, rate.ref, rate.ref_hz);
    put_text(putc, line);
    for (uint32_t t = 0; t < TIMELINE_TASKS; t++) {
        if (!names[t][0])
            continue;
        ksnprintf(line, sizeof(line), "timeline: task %u %s\n", t, names[t]);
        put_text(putc, line);
    }
    for (uint32_t n = 0; n < kept; n++) {
        uint32_t i = (first + n) % capacity;
        if (n % TIMELINE_LINE_EVENTS == 0)
            put_text(putc, "timeline: data ");
        put_hex_bytes(putc, (const uint8_t *)&ring[i / TIMELINE_PAGE_EVENTS][i % TIMELINE_PAGE_EVENTS],
                      sizeof(struct timeline_event));
        if (n % TIMELINE_LINE_EVENTS == TIMELINE_LINE_EVENTS - 1 || n == kept - 1)
            putc('\n');
    }
    ksnprintf(line, sizeof(line), "timeline: end events=%u\n", kept);
    put_text(putc, line);
}

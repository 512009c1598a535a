// lib/timeline.c: events into the ring in order, the oldest giving way
// when it is full (and counted), the free pages only when they change,
// task names cut to size, and the text it writes out, read back here byte
// by byte.  tests/test_timeline.py reads the same text with the host tool.
// The file is compiled in here, so each test starts from a fresh ring.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../kernel/lib/timeline.c"

#define OUT_MAX             (1 << 20)

uint32_t ksnprintf(char *buf, uint32_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n < 0 ? 0 : (uint32_t)n < size ? (uint32_t)n : size - 1;
}

static char out[OUT_MAX];
static uint32_t out_len;
static uint8_t page_memory[TIMELINE_PAGES][4096];
static void *pages[TIMELINE_PAGES];
static const struct timeline_rate measured = { 9998616, 35790, 3579545 };

static void fake_wire(char c)
{
    assert_true(out_len + 1 < OUT_MAX);
    out[out_len++] = c;
    out[out_len] = '\0';
}

static int fresh(void **state)
{
    (void)state;
    memset(names, 0, sizeof(names));
    started = timeline_on = 0;
    out_len = 0;
    out[0] = '\0';
    for (int i = 0; i < TIMELINE_PAGES; i++)
        pages[i] = page_memory[i];
    return 0;
}

// The events of the written text's data lines, in order; their count.
static uint32_t read_events(struct timeline_event *events, uint32_t max)
{
    uint32_t n = 0;
    const char *p = out;

    while ((p = strstr(p, "timeline: data ")) != NULL) {
        p += strlen("timeline: data ");
        while (*p != '\n') {
            uint8_t bytes[sizeof(struct timeline_event)];
            for (size_t i = 0; i < sizeof(bytes); i++) {
                unsigned byte;
                assert_int_equal(sscanf(p + 2 * i, "%2x", &byte), 1);
                bytes[i] = (uint8_t)byte;
            }
            assert_true(n < max);
            memcpy(&events[n++], bytes, sizeof(bytes));
            p += 2 * sizeof(bytes);
        }
    }
    return n;
}

static void nothing_before_start(void **state)
{
    (void)state;
    timeline_event(TL_SWITCH, 6, 7, 1);
    timeline_pages(10, 20);
    timeline_write(fake_wire);
    assert_int_equal(timeline_on, 0);
    assert_int_equal(out_len, 0);
}

static void events_written_in_order_with_names(void **state)
{
    (void)state;
    struct timeline_event e[8];

    timeline_name(GDT_TSS_IDLE, "idle");
    timeline_name(GDT_TSS_TASK, "A");
    timeline_name(GDT_TSS_DISPLAY, "display-task"); // cut to 7 characters
    timeline_name(TIMELINE_TASKS, "nowhere");          // no such slot: ignored
    timeline_start(pages, 2, &measured);
    assert_int_equal(timeline_on, 1);
    timeline_event(TL_INTERRUPT, GDT_TSS_IDLE, 32, 41);
    timeline_event(TL_SWITCH, GDT_TSS_IDLE, GDT_TSS_TASK, 41);
    uint64_t start = rdtsc();
    timeline_span(TL_SERVICE, GDT_TSS_TASK, 92, start);
    timeline_write(fake_wire);

    assert_int_equal(timeline_on, 0);
    const char *head = "timeline: begin version=1 events=3 lost=0 tsc=9998616 ref=35790 "
                       "ref_hz=3579545\n"
                       "timeline: task 6 idle\n"
                       "timeline: task 7 A\n"
                       "timeline: task 12 display\n"
                       "timeline: data ";
    assert_memory_equal(out, head, strlen(head));
    assert_non_null(strstr(out, "\ntimeline: end events=3\n"));
    assert_int_equal(read_events(e, 8), 3);
    assert_int_equal(e[0].kind, TL_INTERRUPT);
    assert_int_equal(e[0].task, GDT_TSS_IDLE);
    assert_int_equal(e[0].arg, 32);
    assert_int_equal(e[0].value, 41);
    assert_int_equal(e[1].kind, TL_SWITCH);
    assert_int_equal(e[1].arg, GDT_TSS_TASK);
    assert_true(e[1].time >= e[0].time);
    assert_int_equal(e[2].kind, TL_SERVICE);
    assert_int_equal(e[2].arg, 92);
    assert_true(e[2].time == start);

    // Recording stopped with the writing out.
    timeline_event(TL_SWITCH, 7, 6, 42);
    out_len = 0;
    timeline_write(fake_wire);
    assert_non_null(strstr(out, "events=3 lost=0"));
}

static void full_ring_keeps_the_newest(void **state)
{
    (void)state;
    static struct timeline_event e[2 * TIMELINE_PAGE_EVENTS];
    uint32_t total = 2 * TIMELINE_PAGE_EVENTS + 88;

    timeline_start(pages, 2, &measured);
    for (uint32_t i = 0; i < total; i++)
        timeline_event(TL_INTERRUPT, GDT_TSS_IDLE, 40, i);
    timeline_write(fake_wire);
    assert_non_null(strstr(out, "events=512 lost=88 "));
    assert_non_null(strstr(out, "\ntimeline: end events=512\n"));
    assert_int_equal(read_events(e, 512), 512);
    for (uint32_t i = 0; i < 512; i++)
        assert_int_equal(e[i].value, 88 + i);
    // Eight events a line: 64 data lines.
    uint32_t lines = 0;
    for (const char *p = out; (p = strstr(p, "timeline: data ")) != NULL; p++)
        lines++;
    assert_int_equal(lines, 512 / TIMELINE_LINE_EVENTS);
}

static void a_new_start_forgets_the_old_events(void **state)
{
    (void)state;
    timeline_start(pages, 1, &measured);
    timeline_event(TL_INTERRUPT, GDT_TSS_IDLE, 40, 1);
    timeline_start(pages, 1, &measured);
    timeline_write(fake_wire);
    assert_non_null(strstr(out, "events=0 lost=0 "));
    assert_null(strstr(out, "timeline: data"));
}

static void more_pages_than_the_ring_takes_are_left(void **state)
{
    (void)state;
    static void *many[TIMELINE_PAGES + 4];

    for (int i = 0; i < TIMELINE_PAGES + 4; i++)
        many[i] = page_memory[i % TIMELINE_PAGES];
    timeline_start(many, TIMELINE_PAGES + 4, &measured);
    assert_int_equal(capacity, TIMELINE_PAGES * TIMELINE_PAGE_EVENTS);
}

static void pages_recorded_when_they_change(void **state)
{
    (void)state;
    struct timeline_event e[8];

    timeline_start(pages, 1, &measured);
    timeline_pages(700, 62000);
    timeline_pages(700, 62000);
    timeline_pages(700, 61987);
    timeline_pages(699, 61987);
    timeline_pages(699, 61987);
    timeline_write(fake_wire);
    assert_int_equal(read_events(e, 8), 3);
    assert_int_equal(e[0].kind, TL_PAGES);
    assert_int_equal(e[0].arg, 700);
    assert_int_equal(e[0].value, 62000);
    assert_int_equal(e[1].value, 61987);
    assert_int_equal(e[2].arg, 699);
}

static void no_pages_no_recording(void **state)
{
    (void)state;
    timeline_start(pages, 0, &measured);
    assert_int_equal(timeline_on, 0);
    timeline_event(TL_INTERRUPT, GDT_TSS_IDLE, 40, 1);
    timeline_write(fake_wire);
    assert_non_null(strstr(out, "events=0 lost=0 "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(nothing_before_start, fresh),
        cmocka_unit_test_setup(events_written_in_order_with_names, fresh),
        cmocka_unit_test_setup(full_ring_keeps_the_newest, fresh),
        cmocka_unit_test_setup(a_new_start_forgets_the_old_events, fresh),
        cmocka_unit_test_setup(more_pages_than_the_ring_takes_are_left, fresh),
        cmocka_unit_test_setup(pages_recorded_when_they_change, fresh),
        cmocka_unit_test_setup(no_pages_no_recording, fresh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

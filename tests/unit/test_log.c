// lib/log.c: lines to the displays at once, to the wire through the ring
// once the log is buffered; lines the ring has no room for dropped,
// counted and told; order kept everywhere; a panic's write-through.  The
// file is compiled in here, so each test starts from a fresh log.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../kernel/lib/log.c"

#define OUT_MAX             (4 * LOG_RING_SIZE)

static char wire_out[OUT_MAX], display_out[OUT_MAX];
static uint32_t wire_len, display_len, kicks, flushes;

static void fake_wire(char c)
{
    assert_true(wire_len < OUT_MAX);
    wire_out[wire_len++] = c;
}

static void fake_display(char c)
{
    assert_true(display_len < OUT_MAX);
    display_out[display_len++] = c;
}

static void fake_flush(void)
{
    flushes++;
}

static void fake_kick(void)
{
    kicks++;
}

static int fresh(void **state)
{
    (void)state;
    line_len = head = tail = dropped = display_count = 0;
    kick = 0;
    wire_len = display_len = kicks = flushes = 0;
    log_set_wire(fake_wire);
    log_add_display(fake_display, fake_flush);
    return 0;
}

static void put(const char *s)
{
    for (; *s; s++)
        log_putc(*s);
}

// Everything waiting for the wire, as its driver would take it.
static void drain(void)
{
    char c;

    while (log_wire_take(&c))
        fake_wire(c);
}

// Buffered mode with the ring filled by 32-byte lines until one more would
// not fit; returns how many went in.
static uint32_t fill_ring(void)
{
    char line[64];
    uint32_t lines = 0;

    log_buffer(fake_kick);
    while (room() >= 32) {
        snprintf(line, sizeof(line), "x: line %023u\n", lines++);
        put(line);
    }
    return lines;
}

static void wire_is(const char *want)
{
    assert_int_equal(wire_len, strlen(want));
    assert_memory_equal(wire_out, want, wire_len);
}

static void writes_through_until_buffered(void **state)
{
    (void)state;
    put("genesis: one\n");
    wire_is("genesis: one\n");
    assert_int_equal(display_len, 13);
    assert_int_equal(flushes, 1);
    // A line is handed on whole, once it ends.
    put("genesis: tw");
    assert_int_equal(wire_len, 13);
    put("o\n");
    wire_is("genesis: one\ngenesis: two\n");
    assert_int_equal(flushes, 2);
}

static void buffered_lines_wait_for_the_wire_in_order(void **state)
{
    (void)state;
    put("a: before\n");
    log_buffer(fake_kick);
    put("b: first\n");
    put("c: second\n");
    // The displays have them at once, without a flush; the wire waits.
    assert_int_equal(display_len, strlen("a: before\nb: first\nc: second\n"));
    assert_int_equal(flushes, 1);
    assert_int_equal(kicks, 2);
    wire_is("a: before\n");
    drain();
    wire_is("a: before\nb: first\nc: second\n");
    char c;
    assert_false(log_wire_take(&c));
}

static void a_full_ring_drops_lines_counts_them_and_says_so(void **state)
{
    (void)state;
    uint32_t lines = fill_ring();

    put("x: dropped one\n");
    put("x: dropped two\n");
    put("x: dropped three\n");
    assert_int_equal(dropped, 3);
    // Every line still reached the display.
    assert_non_null(strstr(display_out, "x: dropped three\n"));
    // The wire takes what waited, then the notice comes once it is empty.
    drain();
    assert_int_equal(wire_len, lines * 32 + strlen("log: 3 lines dropped\n"));
    assert_memory_equal(wire_out + lines * 32, "log: 3 lines dropped\n", 21);
    assert_int_equal(dropped, 0);
}

static void the_notice_comes_before_the_next_line_that_fits(void **state)
{
    (void)state;
    char c;

    fill_ring();
    put("x: dropped\n");
    // Room for the notice and the next line, but the ring not empty.
    for (int i = 0; i < 64; i++)
        assert_true(log_wire_take(&c));
    wire_len = 0;
    put("y: after\n");
    while (head - tail > strlen("log: 1 line dropped\ny: after\n"))
        assert_true(log_wire_take(&c));
    drain();
    wire_is("log: 1 line dropped\ny: after\n");
}

static void a_line_that_does_not_fit_with_its_notice_is_dropped_too(void **state)
{
    (void)state;
    char c;

    fill_ring();
    put("x: dropped\n");
    // Room for the line alone, not for the notice in front of it.
    for (int i = 0; i < 16; i++)
        assert_true(log_wire_take(&c));
    assert_int_equal(room(), 16);
    put("y: 15 bytes...\n");
    assert_int_equal(dropped, 2);
    // Kicked all the same, so a wire that can make room does.
    assert_int_equal(kicks, (uint32_t)(LOG_RING_SIZE / 32 + 2));
}

static void write_through_empties_the_ring_first(void **state)
{
    (void)state;
    log_buffer(fake_kick);
    put("a: waiting\n");
    put("b: waiting\n");
    log_write_through(0);
    wire_is("a: waiting\nb: waiting\n");
    assert_int_equal(flushes, 1);
    put("panic: now\n");
    wire_is("a: waiting\nb: waiting\npanic: now\n");
    assert_int_equal(flushes, 2);
    assert_int_equal(kicks, 2);
}

static void write_through_tells_the_lines_it_lost(void **state)
{
    (void)state;
    fill_ring();
    put("x: dropped\n");
    put("x: dropped\n");
    log_write_through(0);
    put("panic: now\n");
    const char *end = "log: 2 lines dropped\npanic: now\n";
    assert_memory_equal(wire_out + wire_len - strlen(end), end, strlen(end));
}

static void a_panic_in_a_panic_writes_the_wire_alone(void **state)
{
    (void)state;
    log_write_through(1);
    put("panic: again\n");
    wire_is("panic: again\n");
    assert_int_equal(display_len, 0);
    assert_int_equal(flushes, 0);
}

static void long_lines_go_in_pieces(void **state)
{
    (void)state;
    char text[LOG_LINE_MAX + 11];

    memset(text, 'y', LOG_LINE_MAX + 9);
    text[LOG_LINE_MAX + 9] = '\n';
    text[LOG_LINE_MAX + 10] = '\0';
    put(text);
    wire_is(text);
    assert_int_equal(flushes, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(writes_through_until_buffered, fresh),
        cmocka_unit_test_setup(buffered_lines_wait_for_the_wire_in_order, fresh),
        cmocka_unit_test_setup(a_full_ring_drops_lines_counts_them_and_says_so, fresh),
        cmocka_unit_test_setup(the_notice_comes_before_the_next_line_that_fits, fresh),
        cmocka_unit_test_setup(a_line_that_does_not_fit_with_its_notice_is_dropped_too, fresh),
        cmocka_unit_test_setup(write_through_empties_the_ring_first, fresh),
        cmocka_unit_test_setup(write_through_tells_the_lines_it_lost, fresh),
        cmocka_unit_test_setup(a_panic_in_a_panic_writes_the_wire_alone, fresh),
        cmocka_unit_test_setup(long_lines_go_in_pieces, fresh),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

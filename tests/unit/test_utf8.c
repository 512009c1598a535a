// lib/utf8.c: the one decoder that a task's text (utf8_sanitize, for the
// print service) and the log on the screen (fbcon) go through.  Only
// shortest forms of scalar values decode; every way a text was found to
// forge a log line comes out as '?'.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/utf8.h"

#define TEXT_MAX            512

// The code points of text (NUL-terminated) as the console decodes it.
static uint32_t decode(const char *text, uint32_t *codes)
{
    struct utf8_decoder st = { 0, 0, 0 };
    uint32_t got[UTF8_FEED_MAX], n = 0;

    for (; *text; text++) {
        int k = utf8_feed(&st, (uint8_t)*text, got);
        assert_in_range(k, 0, UTF8_FEED_MAX);
        for (int i = 0; i < k; i++)
            codes[n++] = got[i];
    }
    if (utf8_end(&st, got))
        codes[n++] = got[0];
    return n;
}

static void assert_decodes(const char *text, const uint32_t *want, uint32_t n)
{
    uint32_t codes[TEXT_MAX];

    assert_int_equal(decode(text, codes), n);
    assert_memory_equal(codes, want, n * sizeof(want[0]));
}

static void assert_sanitized(const char *text, const char *want)
{
    char s[TEXT_MAX];

    strcpy(s, text);
    assert_int_equal(utf8_sanitize(s), strlen(want));
    assert_string_equal(s, want);
}

static void shortest_forms_decode(void **state)
{
    (void)state;
    assert_decodes("A", (uint32_t[]){ 'A' }, 1);
    assert_decodes("\xc3\xa9", (uint32_t[]){ 0xE9 }, 1);                 // é
    assert_decodes("\xc2\x80", (uint32_t[]){ 0x80 }, 1);                 // the first two-byte
    assert_decodes("\xdf\xbf", (uint32_t[]){ 0x7FF }, 1);
    assert_decodes("\xe0\xa0\x80", (uint32_t[]){ 0x800 }, 1);            // the first three-byte
    assert_decodes("\xe2\x9c\x93", (uint32_t[]){ 0x2713 }, 1);           // ✓
    assert_decodes("\xed\x9f\xbf", (uint32_t[]){ 0xD7FF }, 1);           // just below the surrogates
    assert_decodes("\xee\x80\x80", (uint32_t[]){ 0xE000 }, 1);           // just above
    assert_decodes("\xef\xbf\xbf", (uint32_t[]){ 0xFFFF }, 1);
    assert_decodes("\xf0\x90\x80\x80", (uint32_t[]){ 0x10000 }, 1);      // the first four-byte
    assert_decodes("\xf4\x8f\xbf\xbf", (uint32_t[]){ 0x10FFFF }, 1);     // the last code point
}

static void overlong_forms_are_one_replacement(void **state)
{
    (void)state;
    // Line feed and carriage return in two, three and four bytes: what the
    // screen once took for a new line or a return to its start.
    assert_decodes("\xc0\x8a", (uint32_t[]){ '?' }, 1);
    assert_decodes("\xc0\x8d", (uint32_t[]){ '?' }, 1);
    assert_decodes("\xe0\x80\x8a", (uint32_t[]){ '?' }, 1);
    assert_decodes("\xf0\x80\x80\x8a", (uint32_t[]){ '?' }, 1);
    assert_decodes("\xc1\xbf", (uint32_t[]){ '?' }, 1);                  // 0x7F in two
    assert_decodes("\xe0\x9f\xbf", (uint32_t[]){ '?' }, 1);              // 0x7FF in three
    assert_decodes("\xf0\x8f\xbf\xbf", (uint32_t[]){ '?' }, 1);          // 0xFFFF in four
}

static void surrogates_and_past_the_last_code_point_are_refused(void **state)
{
    (void)state;
    assert_decodes("\xed\xa0\x80", (uint32_t[]){ '?' }, 1);              // U+D800
    assert_decodes("\xed\xbf\xbf", (uint32_t[]){ '?' }, 1);              // U+DFFF
    assert_decodes("\xf4\x90\x80\x80", (uint32_t[]){ '?' }, 1);          // U+110000
    assert_decodes("\xf7\xbf\xbf\xbf", (uint32_t[]){ '?' }, 1);          // U+1FFFFF
}

static void bytes_that_start_nothing_are_each_a_replacement(void **state)
{
    (void)state;
    assert_decodes("\x80", (uint32_t[]){ '?' }, 1);
    assert_decodes("\xbf" "A", (uint32_t[]){ '?', 'A' }, 2);
    assert_decodes("\xf8\x88\x80\x80\x80", (uint32_t[]){ '?', '?', '?', '?', '?' }, 5);
    assert_decodes("\xff\xfe", (uint32_t[]){ '?', '?' }, 2);
}

static void a_cut_sequence_is_one_replacement_and_the_next_byte_counts(void **state)
{
    (void)state;
    // The byte that cuts it short is read afresh: a line feed stays one.
    assert_decodes("\xe2\x80" "A", (uint32_t[]){ '?', 'A' }, 2);
    assert_decodes("\xe2\x80\n", (uint32_t[]){ '?', '\n' }, 2);
    assert_decodes("\xe2" "\xc3\xa9", (uint32_t[]){ '?', 0xE9 }, 2);
    assert_decodes("\xf0\x9f\x8e" "\xff", (uint32_t[]){ '?', '?' }, 2);
    // At the end of the text.
    assert_decodes("A\xe2\x80", (uint32_t[]){ 'A', '?' }, 2);
}

static void controls_are_c0_del_c1_and_the_separators(void **state)
{
    (void)state;
    for (uint32_t code = 0; code < 0x20; code++)
        assert_true(utf8_is_control(code));
    for (uint32_t code = 0x7F; code <= 0x9F; code++)
        assert_true(utf8_is_control(code));
    assert_true(utf8_is_control(0x2028));
    assert_true(utf8_is_control(0x2029));
    static const uint32_t text[] = { ' ', '~', 0xA0, 0xE9, 0x2027, 0x202A, 0xFFFD, 0x10FFFF };
    for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
        assert_false(utf8_is_control(text[i]));
}

static void sanitize_keeps_text_and_replaces_what_could_forge_a_line(void **state)
{
    (void)state;
    assert_sanitized("G\xc3\xa9nesis \xe2\x9c\x93 \xf0\x9f\x8e\xae ok",
                     "G\xc3\xa9nesis \xe2\x9c\x93 \xf0\x9f\x8e\xae ok");
    assert_sanitized("\xc2\x85panic: x", "?panic: x");                    // NEL
    assert_sanitized("\xe2\x80\xa8panic: x", "?panic: x");                // LINE SEPARATOR
    assert_sanitized("\xe2\x80\xa9panic: x", "?panic: x");                // PARAGRAPH SEPARATOR
    assert_sanitized("\xc2\x9b" "2J", "?2J");                             // CSI
    assert_sanitized("\x1b[2K\x0b\x0c\x1c\x1d\x1e\r\n\t\x7f", "?[2K?????????");
    assert_sanitized("\xc0\x8apanic: x", "?panic: x");
    assert_sanitized("\xe0\x80\x8a\xf0\x80\x80\x8d", "??");
    assert_sanitized("\xed\xa0\x80\xf4\x90\x80\x80", "??");
    assert_sanitized("\xe2\x80" "A\xe2", "?A?");
    assert_sanitized("", "");
}

static void sanitize_never_grows_a_text(void **state)
{
    (void)state;
    // Every byte value, alone and after each kind of first byte: the length
    // never grows (the print service's buffer is exact) and the result is
    // itself sanitized.
    static const char *const before[] = { "", "\xc2", "\xe2", "\xe2\x80", "\xf0", "\xf0\x9f\x8e" };
    for (size_t b = 0; b < sizeof(before) / sizeof(before[0]); b++) {
        for (uint32_t byte = 1; byte < 256; byte++) {
            char s[16], again[16];
            size_t len = strlen(before[b]);
            memcpy(s, before[b], len);
            s[len] = (char)byte;
            s[len + 1] = 'z';
            s[len + 2] = '\0';
            uint32_t n = utf8_sanitize(s);
            assert_true(n <= len + 2);
            assert_int_equal(n, strlen(s));
            strcpy(again, s);
            assert_int_equal(utf8_sanitize(again), n);
            assert_string_equal(again, s);
            assert_int_equal(s[n - 1], 'z');
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shortest_forms_decode),
        cmocka_unit_test(overlong_forms_are_one_replacement),
        cmocka_unit_test(surrogates_and_past_the_last_code_point_are_refused),
        cmocka_unit_test(bytes_that_start_nothing_are_each_a_replacement),
        cmocka_unit_test(a_cut_sequence_is_one_replacement_and_the_next_byte_counts),
        cmocka_unit_test(controls_are_c0_del_c1_and_the_separators),
        cmocka_unit_test(sanitize_keeps_text_and_replaces_what_could_forge_a_line),
        cmocka_unit_test(sanitize_never_grows_a_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

// config_parse: defaults, every key, the file's syntax, and each kind of
// bad line reported once with its line number while the default is kept.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/config.h"

#define MAX_LOGGED 16

static char logged[MAX_LOGGED][512];
static int nlogged;

static void capture(const char *fmt, ...)
{
    va_list ap;

    assert_true(nlogged < MAX_LOGGED);
    va_start(ap, fmt);
    vsnprintf(logged[nlogged++], sizeof(logged[0]), fmt, ap);
    va_end(ap);
}

static struct config parse(const char *text)
{
    struct config c;

    nlogged = 0;
    memset(&c, 0xA5, sizeof(c));
    config_parse(text, &c, capture);
    return c;
}

static void assert_defaults(const struct config *c)
{
    assert_string_equal(c->cart, "");
    assert_int_equal(c->fps, CONFIG_FPS_DEFAULT);
    assert_int_equal(c->exit, EXIT_NEVER);
    assert_int_equal(c->max_ticks, 0);
    assert_int_equal(c->trace, 0);
    assert_int_equal(c->timeline, 0);
    assert_int_equal(c->repeat, 0);
    assert_int_equal(c->selftest, SELFTEST_NONE);
    assert_int_equal(c->task_pages, 0);
    assert_int_equal(c->rtc, 1);
    assert_string_equal(c->acpi_damage, "");
    assert_int_equal(c->xhci_scratchpads, 0);
    assert_int_equal(c->xhci_msi, 1);
}

static void empty_text_gives_defaults(void **state)
{
    (void)state;
    struct config c = parse("");
    assert_defaults(&c);
    assert_int_equal(nlogged, 0);
}

static void every_key(void **state)
{
    (void)state;
    struct config c = parse("cart=HELLO.CART\nfps=128\nexit=idle\nmax_ticks=4294967295\n"
                            "trace=on\nrepeat=1000\nselftest=pagefault\ntask_pages=64\n"
                            "rtc=off\nacpi_damage=HPET:length\nxhci_scratchpads=512\n"
                            "timeline=on\n");
    assert_int_equal(nlogged, 0);
    assert_string_equal(c.cart, "HELLO.CART");
    assert_int_equal(c.fps, 128);
    assert_int_equal(c.exit, EXIT_IDLE);
    assert_int_equal(c.max_ticks, 4294967295u);
    assert_int_equal(c.trace, 1);
    assert_int_equal(c.timeline, 1);
    assert_int_equal(c.repeat, 1000);
    assert_int_equal(c.selftest, SELFTEST_PAGEFAULT);
    assert_int_equal(c.task_pages, 64);
    assert_int_equal(c.rtc, 0);
    assert_string_equal(c.acpi_damage, "HPET");
    assert_int_equal(c.acpi_damage_kind, ACPI_DAMAGE_LENGTH);
    assert_int_equal(c.xhci_scratchpads, 512);
    c = parse("acpi_damage=RSDP\nselftest=highmem\n");
    assert_string_equal(c.acpi_damage, "RSDP");
    assert_int_equal(c.acpi_damage_kind, ACPI_DAMAGE_CHECKSUM);
    assert_int_equal(c.selftest, SELFTEST_HIGHMEM);

    c = parse("selftest=composefull\n");
    assert_int_equal(c.selftest, SELFTEST_COMPOSEFULL);
    c = parse("selftest=composerace\n");
    assert_int_equal(c.selftest, SELFTEST_COMPOSERACE);
    c = parse("selftest=usbmsi\nxhci_msi=off\n");
    assert_int_equal(c.selftest, SELFTEST_USBMSI);
    assert_int_equal(c.xhci_msi, 0);
    c = parse("exit=never\ntrace=off\nselftest=none\nrtc=on\ntimeline=off\n");
    assert_int_equal(nlogged, 0);
    assert_defaults(&c);
}

static void comments_blanks_and_crlf(void **state)
{
    (void)state;
    struct config c = parse("\xEF\xBB\xBF# BOOT.CFG written on Windows\r\n"
                            "\r\n"
                            "  \t fps = 32   # smoother\r\n"
                            "exit\t=\tidle\r\n"
                            "#max_ticks=5\r\n"
                            "max_ticks=7");
    assert_int_equal(nlogged, 0);
    assert_int_equal(c.fps, 32);
    assert_int_equal(c.exit, EXIT_IDLE);
    assert_int_equal(c.max_ticks, 7);
}

static void fps_must_be_a_power_of_two_in_range(void **state)
{
    (void)state;
    static const char *const bad[] = { "fps=0", "fps=1", "fps=7", "fps=96", "fps=2048",
                                       "fps=4096", "fps=", "fps=64k", "fps=-64", "fps=0x40" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct config c = parse(bad[i]);
        assert_int_equal(c.fps, CONFIG_FPS_DEFAULT);
        assert_int_equal(nlogged, 1);
        assert_non_null(strstr(logged[0], "config: 1: bad value"));
        assert_non_null(strstr(logged[0], "for fps"));
        assert_non_null(strstr(logged[0], "(default kept)"));
    }
    for (uint32_t fps = CONFIG_FPS_MIN; fps <= CONFIG_FPS_MAX; fps *= 2) {
        char line[32];
        snprintf(line, sizeof(line), "fps=%u\n", fps);
        struct config c = parse(line);
        assert_int_equal(nlogged, 0);
        assert_int_equal(c.fps, fps);
    }
}

static void numbers_are_checked(void **state)
{
    (void)state;
    static const char *const bad[] = { "max_ticks=-3", "max_ticks=4294967296", "max_ticks=1e3",
                                       "max_ticks= 1 2", "repeat=99999999999", "repeat=two" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct config c = parse(bad[i]);
        assert_defaults(&c);
        assert_int_equal(nlogged, 1);
        assert_non_null(strstr(logged[0], "bad value"));
    }
}

static void words_are_checked(void **state)
{
    (void)state;
    static const char *const bad[] = { "exit=sometimes", "exit=IDLE", "trace=maybe",
                                       "trace=1", "timeline=yes", "selftest=crash", "cart=", "rtc=no",
                                       "acpi_damage=APIC:checksum", "acpi_damage=AP",
                                       "acpi_damage=apic",
                                       "cart=abcdefghijklmnopqrstuvwxyz0.cart" }; // 32 characters
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct config c = parse(bad[i]);
        assert_defaults(&c);
        assert_int_equal(nlogged, 1);
        assert_non_null(strstr(logged[0], "bad value"));
    }
    struct config c = parse("cart=abcdefghijklmnopqrstuvwxyz.cart");
    assert_int_equal(nlogged, 0);
    assert_string_equal(c.cart, "abcdefghijklmnopqrstuvwxyz.cart");
}

static void unknown_keys_and_malformed_lines(void **state)
{
    (void)state;
    struct config c = parse("colour=blue\nno equals sign here\n=5\n  = \nFPS=32\n");
    assert_defaults(&c);
    assert_int_equal(nlogged, 5);
    assert_string_equal(logged[0], "config: 1: unknown key \"colour\" (default kept)\n");
    assert_string_equal(logged[1], "config: 2: \"no equals sign here\" is not key=value (ignored)\n");
    assert_string_equal(logged[2], "config: 3: \"=5\" is not key=value (ignored)\n");
    assert_string_equal(logged[3], "config: 4: \"=\" is not key=value (ignored)\n");
    assert_string_equal(logged[4], "config: 5: unknown key \"FPS\" (default kept)\n");
}

static void a_bad_value_keeps_the_earlier_good_one(void **state)
{
    (void)state;
    struct config c = parse("fps=128\nfps=7\n");
    assert_int_equal(c.fps, 128);
    assert_int_equal(nlogged, 1);
    assert_string_equal(logged[0], "config: 2: bad value \"7\" for fps, "
                                   "want a power of two from 2 to 1024 (default kept)\n");
}

static void more_scratchpads_than_a_page_holds_are_refused(void **state)
{
    (void)state;
    struct config c = parse("xhci_scratchpads=4\nxhci_scratchpads=513\n");
    assert_int_equal(c.xhci_scratchpads, 4);
    assert_int_equal(nlogged, 1);
    assert_string_equal(logged[0], "config: 2: bad value \"513\" for xhci_scratchpads, "
                                   "want a number of buffers up to 512 (for tests) (default kept)\n");
}

static void long_lines_are_skipped_and_counted(void **state)
{
    (void)state;
    char text[CONFIG_LINE_MAX * 2 + 64];
    size_t n = 0;

    n += snprintf(text + n, sizeof(text) - n, "fps=8\ncart=");
    memset(text + n, 'x', CONFIG_LINE_MAX);
    n += CONFIG_LINE_MAX;
    n += snprintf(text + n, sizeof(text) - n, "\nexit=idle\n# %*s\nmax_ticks=9\n",
                  CONFIG_LINE_MAX - 4, "");
    struct config c = parse(text);
    assert_int_equal(c.fps, 8);
    assert_string_equal(c.cart, "");
    assert_int_equal(c.exit, EXIT_IDLE);
    assert_int_equal(c.max_ticks, 9);
    assert_int_equal(nlogged, 1);
    assert_string_equal(logged[0], "config: 2: line longer than 255 characters (ignored)\n");
}

// The boot scenario's BOOT.CFG (tests/test_boot.py): seven bad lines, and
// exit=idle still honoured after them.
static void the_boot_scenario_config(void **state)
{
    (void)state;
    struct config c = parse("# a comment\ncolour=blue\nfps=7\nfps=4096\nexit=sometimes\n"
                            "max_ticks=-3\ntrace=maybe\nno equals sign here\nexit=idle\n");
    assert_int_equal(nlogged, 7);
    for (int i = 0; i < nlogged; i++) {
        char prefix[32];
        snprintf(prefix, sizeof(prefix), "config: %d: ", i + 2);
        assert_memory_equal(logged[i], prefix, strlen(prefix));
    }
    assert_int_equal(c.exit, EXIT_IDLE);
    assert_int_equal(c.fps, CONFIG_FPS_DEFAULT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_text_gives_defaults),
        cmocka_unit_test(every_key),
        cmocka_unit_test(comments_blanks_and_crlf),
        cmocka_unit_test(fps_must_be_a_power_of_two_in_range),
        cmocka_unit_test(numbers_are_checked),
        cmocka_unit_test(words_are_checked),
        cmocka_unit_test(unknown_keys_and_malformed_lines),
        cmocka_unit_test(a_bad_value_keeps_the_earlier_good_one),
        cmocka_unit_test(more_scratchpads_than_a_page_holds_are_refused),
        cmocka_unit_test(long_lines_are_skipped_and_counted),
        cmocka_unit_test(the_boot_scenario_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

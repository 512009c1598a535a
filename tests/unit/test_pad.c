// The pad's scan-code decoding (kernel/console/pad.c): every documented key in both
// directions, the prefixes and sequences a PS/2 keyboard mixes in, the bytes
// that are no key at all, and presses counted once per key stroke.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "console/pad.h"
#include "dev/usb/hid.h"

// Feeds bytes; returns the last button reported (-1 if none) and how many
// bytes reported one.
static int feed(struct pad_decoder *d, const uint8_t *bytes, size_t n, int *down, int *events)
{
    int last = -1;

    *events = 0;
    for (size_t i = 0; i < n; i++) {
        int button = pad_decode(d, bytes[i], down);
        if (button >= 0) {
            last = button;
            (*events)++;
        }
    }
    return last;
}

static void every_documented_key(void **state)
{
    (void)state;
    static const struct {
        uint8_t prefix, code;                // prefix 0: none
        int button;
    } keys[] = {
        { 0xE0, 0x48, PAD_UP },    { 0xE0, 0x50, PAD_DOWN },
        { 0xE0, 0x4B, PAD_LEFT },  { 0xE0, 0x4D, PAD_RIGHT },
        { 0, 0x48, PAD_UP },       { 0, 0x50, PAD_DOWN },    // keypad 8 2 4 6
        { 0, 0x4B, PAD_LEFT },     { 0, 0x4D, PAD_RIGHT },
        { 0, 0x2C, PAD_A },        { 0, 0x39, PAD_A },       // Z, space
        { 0, 0x2D, PAD_B },                                  // X
        { 0, 0x1C, PAD_START },    { 0xE0, 0x1C, PAD_START }, // Enter, keypad Enter
        { 0, 0x0F, PAD_SELECT },                             // Tab
        { 0, 0x3F, KEY_RESTART },  { 0, 0x3B, KEY_INSPECT }, // F5, F1
    };
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        struct pad_decoder d = { 0 };
        uint8_t make[2], brk[2];
        size_t n = 0;
        int down, events;
        if (keys[i].prefix)
            make[n++] = keys[i].prefix;
        make[n++] = keys[i].code;
        memcpy(brk, make, n);
        brk[n - 1] |= 0x80;
        assert_int_equal(feed(&d, make, n, &down, &events), keys[i].button);
        assert_int_equal(events, 1);
        assert_int_equal(down, 1);
        assert_int_equal(feed(&d, brk, n, &down, &events), keys[i].button);
        assert_int_equal(events, 1);
        assert_int_equal(down, 0);
    }
}

static void bytes_that_are_not_pad_keys(void **state)
{
    (void)state;
    struct pad_decoder d = { 0 };
    int down, events;

    // Other keys, make and break: Escape, A, left Shift, F2, F4, F6, right Ctrl.
    static const uint8_t others[] = { 0x01, 0x81, 0x1E, 0x9E, 0x2A, 0xAA, 0x3C, 0xBC, 0x3E, 0xBE,
                                      0x40, 0xC0, 0xE0, 0x1D, 0xE0, 0x9D };
    assert_int_equal(feed(&d, others, sizeof(others), &down, &events), -1);
    assert_int_equal(events, 0);
    // Keyboard replies: ACK, resend, echo, self-test passed, errors.
    static const uint8_t replies[] = { 0xFA, 0xFE, 0xEE, 0xAA, 0x00, 0xFF, 0xFC };
    assert_int_equal(feed(&d, replies, sizeof(replies), &down, &events), -1);
    assert_int_equal(events, 0);
    // F5 and F1 are no keys with the prefix.
    static const uint8_t function_extended[] = { 0xE0, 0x3F, 0xE0, 0x3B };
    assert_int_equal(feed(&d, function_extended, sizeof(function_extended), &down, &events), -1);
    assert_int_equal(events, 0);
    // Keys only the extended table knows stay silent without the prefix,
    // and Z is not a key with it.
    static const uint8_t z_extended[] = { 0xE0, 0x2C, 0x2C };
    assert_int_equal(feed(&d, z_extended, sizeof(z_extended), &down, &events), PAD_A);
    assert_int_equal(events, 1);
}

static void prefixes_and_sequences(void **state)
{
    (void)state;
    struct pad_decoder d = { 0 };
    int down, events;

    // With Num Lock on, the arrow block wraps its keys in fake shifts.
    static const uint8_t shifted_up[] = { 0xE0, 0x2A, 0xE0, 0x48, 0xE0, 0xC8, 0xE0, 0xAA };
    assert_int_equal(feed(&d, shifted_up, sizeof(shifted_up), &down, &events), PAD_UP);
    assert_int_equal(events, 2);
    assert_int_equal(down, 0);
    // Pause sends six bytes and no break; the 0x45 and 0xC5 in it are not
    // keypad keys, and the decoder is back in step afterwards.
    static const uint8_t pause_then_x[] = { 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5, 0x2D };
    assert_int_equal(feed(&d, pause_then_x, sizeof(pause_then_x), &down, &events), PAD_B);
    assert_int_equal(events, 1);
    assert_int_equal(down, 1);
    // The prefix applies to one byte only.
    static const uint8_t prefix_once[] = { 0xE0, 0x1C, 0x48 };
    assert_int_equal(feed(&d, prefix_once, sizeof(prefix_once), &down, &events), PAD_UP);
    assert_int_equal(events, 2);
}

// PS/2 as input.c feeds it: a key down or up changes one bit of its set.
static uint32_t key(struct pad_page *page, uint32_t *held, uint32_t sources, int button, int down)
{
    uint32_t set = down ? held[0] | 1u << button : held[0] & ~(1u << button);

    return pad_set(page, held, sources, 0, set);
}

static void presses_are_counted_once_per_stroke(void **state)
{
    (void)state;
    struct pad_page page;
    uint32_t held[1] = { 0 };

    memset(&page, 0, sizeof(page));
    assert_int_equal(key(&page, held, 1, PAD_LEFT, 1), 1u << PAD_LEFT);
    // Auto-repeat sends the make code again: held, not pressed again.
    assert_int_equal(key(&page, held, 1, PAD_LEFT, 1), 0);
    assert_int_equal(key(&page, held, 1, PAD_LEFT, 1), 0);
    assert_int_equal(key(&page, held, 1, PAD_A, 1), 1u << PAD_A);
    assert_int_equal(page.buttons, 1u << PAD_LEFT | 1u << PAD_A);
    assert_int_equal(page.presses[PAD_LEFT], 1);
    assert_int_equal(key(&page, held, 1, PAD_LEFT, 0), 0);
    assert_int_equal(page.buttons, 1u << PAD_A);
    assert_int_equal(key(&page, held, 1, PAD_LEFT, 1), 1u << PAD_LEFT);
    assert_int_equal(page.presses[PAD_LEFT], 2);
    assert_int_equal(page.presses[PAD_A], 1);
    // A release of a button that was not held changes nothing.
    assert_int_equal(key(&page, held, 1, PAD_SELECT, 0), 0);
    assert_int_equal(page.buttons, 1u << PAD_LEFT | 1u << PAD_A);
    assert_int_equal(page.presses[PAD_SELECT], 0);
    // The counters wrap.
    page.presses[PAD_B] = 0xFFFFFFFF;
    key(&page, held, 1, PAD_B, 1);
    assert_int_equal(page.presses[PAD_B], 0);
}

// A PS/2 keyboard (source 0) and two USB devices (1, 2) on one pad.
static void sources_share_the_pad(void **state)
{
    (void)state;
    struct pad_page page;
    uint32_t held[3] = { 0 };

    memset(&page, 0, sizeof(page));
    // A on the keyboard, then A on a pad: both strokes count, A is held.
    assert_int_equal(key(&page, held, 3, PAD_A, 1), 1u << PAD_A);
    assert_int_equal(pad_set(&page, held, 3, 1, 1u << PAD_A | 1u << PAD_UP),
                     1u << PAD_A | 1u << PAD_UP);
    assert_int_equal(page.presses[PAD_A], 2);
    assert_int_equal(page.presses[PAD_UP], 1);
    assert_int_equal(page.buttons, 1u << PAD_A | 1u << PAD_UP);
    // The pad lets go of A: the keyboard still holds it.
    assert_int_equal(pad_set(&page, held, 3, 1, 1u << PAD_UP), 0);
    assert_int_equal(page.buttons, 1u << PAD_A | 1u << PAD_UP);
    // A report that tells nothing keeps the device's buttons.
    assert_int_equal(pad_set(&page, held, 3, 2, 1u << PAD_START), 1u << PAD_START);
    assert_int_equal(pad_set(&page, held, 3, 2, HID_KEEP), 0);
    assert_int_equal(page.buttons, 1u << PAD_A | 1u << PAD_UP | 1u << PAD_START);
    // The same report again (a repeat) is no press.
    assert_int_equal(pad_set(&page, held, 3, 2, 1u << PAD_START), 0);
    assert_int_equal(page.presses[PAD_START], 1);
    // A device that goes away lets go of everything it held, and only that.
    assert_int_equal(pad_set(&page, held, 3, 1, 0), 0);
    assert_int_equal(pad_set(&page, held, 3, 2, 0), 0);
    assert_int_equal(page.buttons, 1u << PAD_A);
    assert_int_equal(key(&page, held, 3, PAD_A, 0), 0);
    assert_int_equal(page.buttons, 0);
    assert_int_equal(page.presses[PAD_A], 2);
}

// The console's keys go down and up like buttons, are returned so the
// console can count them, and never reach the page the tasks read.
static void console_keys_stay_off_the_page(void **state)
{
    (void)state;
    struct pad_page page;
    uint32_t held[2] = { 0 };

    memset(&page, 0, sizeof(page));
    assert_int_equal(key(&page, held, 2, KEY_RESTART, 1), 1u << KEY_RESTART);
    assert_int_equal(page.buttons, 0);
    assert_int_equal(key(&page, held, 2, KEY_RESTART, 1), 0);         // auto-repeat
    assert_int_equal(pad_set(&page, held, 2, 1, 1u << KEY_INSPECT | 1u << PAD_B),
                     1u << KEY_INSPECT | 1u << PAD_B);
    assert_int_equal(page.buttons, 1u << PAD_B);
    for (int b = 0; b < PAD_BUTTONS; b++)
        assert_int_equal(page.presses[b], b == PAD_B);
    assert_int_equal(key(&page, held, 2, KEY_RESTART, 0), 0);
    assert_int_equal(key(&page, held, 2, KEY_RESTART, 1), 1u << KEY_RESTART);
    assert_int_equal(PAD_BUTTON_MASK & (1u << KEY_RESTART | 1u << KEY_INSPECT), 0);
    assert_true(PAD_KEYS <= 31);                                     // HID_KEEP is bit 31
}

static void the_page_layout(void **state)
{
    (void)state;
    // cartridges/sdk/genesis.h describes the same bytes to games.
    assert_int_equal(offsetof(struct pad_page, buttons), 0);
    assert_int_equal(offsetof(struct pad_page, presses), 4);
    assert_int_equal(offsetof(struct pad_page, frame), 4 + 4 * PAD_BUTTONS);
    assert_true(PAD_BUTTONS <= 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_documented_key),
        cmocka_unit_test(bytes_that_are_not_pad_keys),
        cmocka_unit_test(prefixes_and_sequences),
        cmocka_unit_test(presses_are_counted_once_per_stroke),
        cmocka_unit_test(sources_share_the_pad),
        cmocka_unit_test(console_keys_stay_off_the_page),
        cmocka_unit_test(the_page_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

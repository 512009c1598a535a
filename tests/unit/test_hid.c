// USB HID for the pad (kernel/dev/usb/hid.c): boot keyboard reports, the
// report descriptors of QEMU's keyboard and tablet and of five real gamepads
// (hid_descriptors.h names where each comes from), reports decoded with the
// maps they give, hand-built descriptors for each parser rule, and every
// malformed case with its exact status and offset.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dev/usb/hid.h"
#include "hid_descriptors.h"
#include "console/pad.h"

#define UP                  (1u << HID_PAD_UP)
#define DOWN                (1u << HID_PAD_DOWN)
#define LEFT                (1u << HID_PAD_LEFT)
#define RIGHT               (1u << HID_PAD_RIGHT)
#define A                   (1u << HID_PAD_A)
#define B                   (1u << HID_PAD_B)
#define START               (1u << HID_PAD_START)
#define SELECT              (1u << HID_PAD_SELECT)

// The start and end of hand-built descriptors: a top-level Joystick or Game
// Pad application collection (6 bytes) around the items given.
#define JOYSTICK(...)       { 0x05, 0x01, 0x09, 0x04, 0xA1, 0x01, __VA_ARGS__, 0xC0 }
#define GAMEPAD(...)        0x05, 0x01, 0x09, 0x05, 0xA1, 0x01, __VA_ARGS__, 0xC0
// Report Size 8, Report Count 1, Logical Minimum 0, Logical Maximum 255.
#define BYTE_FIELDS         0x75, 0x08, 0x95, 0x01, 0x15, 0x00, 0x26, 0xFF, 0x00

static struct hid_info parse_ok(const uint8_t *desc, size_t len)
{
    struct hid_info info;
    struct hid_error err;

    assert_int_equal(hid_parse(desc, (uint32_t)len, &info, &err), HID_OK);
    assert_int_equal(err.status, HID_OK);
    assert_string_equal(err.message, "ok");
    return info;
}

static void expect_error(const uint8_t *desc, size_t len, int status, uint32_t offset,
                         const char *message)
{
    struct hid_info info;
    struct hid_error err;

    assert_int_equal(hid_parse(desc, (uint32_t)len, &info, &err), status);
    assert_int_equal(err.status, status);
    assert_int_equal(err.offset, offset);
    assert_string_equal(err.message, message);
    assert_int_equal(hid_parse(desc, (uint32_t)len, &info, NULL), status);
}

static void expect_field(const struct hid_field *f, unsigned bit, unsigned size,
                         int32_t min, int32_t max)
{
    assert_int_equal(f->size, size);
    assert_int_equal(f->bit, bit);
    assert_int_equal(f->min, min);
    assert_int_equal(f->max, max);
    assert_int_equal(f->is_signed, min < 0);
}

static void expect_absent(const struct hid_field *f)
{
    assert_int_equal(f->size, 0);
}

static uint32_t decode(const struct hid_info *info, const uint8_t *report, size_t len)
{
    return hid_pad_buttons(&info->pad, report, (uint32_t)len);
}

// --- Boot keyboard reports -------------------------------------------------------

static void pad_numbers_match_pad_h(void **state)
{
    (void)state;
    assert_int_equal(HID_PAD_UP, PAD_UP);
    assert_int_equal(HID_PAD_DOWN, PAD_DOWN);
    assert_int_equal(HID_PAD_LEFT, PAD_LEFT);
    assert_int_equal(HID_PAD_RIGHT, PAD_RIGHT);
    assert_int_equal(HID_PAD_A, PAD_A);
    assert_int_equal(HID_PAD_B, PAD_B);
    assert_int_equal(HID_PAD_START, PAD_START);
    assert_int_equal(HID_PAD_SELECT, PAD_SELECT);
    assert_int_equal(HID_KEY_RESTART, KEY_RESTART);
    assert_int_equal(HID_KEY_INSPECT, KEY_INSPECT);
    assert_int_equal(HID_KEEP & ((1u << PAD_BUTTONS) - 1), 0);
}

static void every_documented_key(void **state)
{
    (void)state;
    static const struct {
        uint8_t usage;
        uint32_t buttons;
    } keys[] = {
        { 0x52, UP },    { 0x60, UP },           // Up arrow, keypad 8
        { 0x51, DOWN },  { 0x5A, DOWN },         // Down arrow, keypad 2
        { 0x50, LEFT },  { 0x5C, LEFT },         // Left arrow, keypad 4
        { 0x4F, RIGHT }, { 0x5E, RIGHT },        // Right arrow, keypad 6
        { 0x1D, A },     { 0x2C, A },            // Z, space
        { 0x1B, B },                             // X
        { 0x28, START }, { 0x58, START },        // Enter, keypad Enter
        { 0x2B, SELECT },                        // Tab
        { 0x3E, 1u << HID_KEY_RESTART },         // F5
        { 0x3A, 1u << HID_KEY_INSPECT },         // F1
    };
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        for (size_t slot = HID_BOOT_FIRST_KEY; slot < HID_BOOT_REPORT_LEN; slot++) {
            uint8_t report[HID_BOOT_REPORT_LEN] = { 0 };
            report[slot] = keys[i].usage;
            assert_int_equal(hid_boot_keyboard_buttons(report, sizeof report), keys[i].buttons);
        }
    }
}

static void keys_together_and_keys_that_are_not_the_pad(void **state)
{
    (void)state;
    const uint8_t none[8] = { 0 };
    const uint8_t three[8] = { 0, 0, 0x52, 0x1D, 0x28, 0, 0, 0 };          // Up, Z, Enter
    const uint8_t six[8] = { 0, 0, 0x50, 0x5A, 0x2C, 0x1B, 0x2B, 0x58 };
    // Every modifier (Shift, Ctrl...), a reserved byte that is not zero,
    // letters, Escape, F2, keypad 5, the last usages.
    const uint8_t others[8] = { 0xFF, 0xAA, 0x04, 0x29, 0x3B, 0x5D, 0xE0, 0xFF };
    const uint8_t nine[9] = { 0, 0, 0x52, 0, 0, 0, 0, 0, 0x51 };            // 9th byte ignored

    assert_int_equal(hid_boot_keyboard_buttons(none, 8), 0);
    assert_int_equal(hid_boot_keyboard_buttons(three, 8), UP | A | START);
    assert_int_equal(hid_boot_keyboard_buttons(six, 8), LEFT | DOWN | A | B | SELECT | START);
    assert_int_equal(hid_boot_keyboard_buttons(others, 8), 0);
    assert_int_equal(hid_boot_keyboard_buttons(nine, 9), UP);
}

static void roll_over_and_short_reports_keep_the_state(void **state)
{
    (void)state;
    // With more keys held than six, a keyboard fills the slots with
    // ErrorRollOver; POSTFail and ErrorUndefined say as little.
    const uint8_t rollover[8] = { 0, 0, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01 };
    const uint8_t one_slot[8] = { 0, 0, 0x52, 0x1D, 0, 0, 0, 0x01 };
    const uint8_t postfail[8] = { 0, 0, 0x02, 0, 0, 0, 0, 0 };
    const uint8_t undefined[8] = { 0, 0, 0x52, 0x03, 0, 0, 0, 0 };
    const uint8_t up[8] = { 0, 0, 0x52, 0, 0, 0, 0, 0 };

    assert_int_equal(hid_boot_keyboard_buttons(rollover, 8), HID_KEEP);
    assert_int_equal(hid_boot_keyboard_buttons(one_slot, 8), HID_KEEP);
    assert_int_equal(hid_boot_keyboard_buttons(postfail, 8), HID_KEEP);
    assert_int_equal(hid_boot_keyboard_buttons(undefined, 8), HID_KEEP);
    for (uint32_t len = 0; len < HID_BOOT_REPORT_LEN; len++)
        assert_int_equal(hid_boot_keyboard_buttons(up, len), HID_KEEP);
    assert_int_equal(hid_boot_keyboard_buttons(NULL, 0), HID_KEEP);
}

// --- Press tracking ------------------------------------------------------------------

static void presses_are_down_edges_of_each_device(void **state)
{
    (void)state;
    uint32_t keyboard = 0, gamepad = 0;

    assert_int_equal(hid_track(&keyboard, UP | A), UP | A);
    assert_int_equal(keyboard, UP | A);
    // Held on: a repeated report is no new press.
    assert_int_equal(hid_track(&keyboard, UP | A), 0);
    assert_int_equal(hid_track(&keyboard, UP | A | B), B);
    // A roll-over report changes nothing.
    assert_int_equal(hid_track(&keyboard, HID_KEEP), 0);
    assert_int_equal(keyboard, UP | A | B);
    assert_int_equal(hid_track(&keyboard, A), 0);
    assert_int_equal(keyboard, A);
    // Another device pressing A while the keyboard holds it is its own press.
    assert_int_equal(hid_track(&gamepad, A), A);
    assert_int_equal(hid_track(&keyboard, 0), 0);
    assert_int_equal(keyboard | gamepad, A);
    // Released and pressed again: a new press.
    assert_int_equal(hid_track(&keyboard, A), A);
}

// --- Real descriptors -------------------------------------------------------------

static void qemu_keyboard_is_a_keyboard(void **state)
{
    (void)state;
    struct hid_info info = parse_ok(desc_qemu_keyboard, sizeof desc_qemu_keyboard);

    assert_int_equal(info.kinds, HID_KEYBOARD);
    for (int c = 0; c < HID_CONTROLS; c++)
        expect_absent(&info.pad.control[c]);
}

static void qemu_tablet_has_nothing_for_the_pad(void **state)
{
    (void)state;
    // Its X, Y and buttons 1-3 are a pointer's, not a pad's.
    expect_error(desc_qemu_tablet, sizeof desc_qemu_tablet, HID_ERR_NO_CONTROLS, sizeof desc_qemu_tablet,
                 "neither a keyboard nor a pad with a hat, stick or buttons");
}

static void dualshock4(void **state)
{
    (void)state;
    struct hid_info info = parse_ok(desc_dualshock4, sizeof desc_dualshock4);
    uint8_t r[64] = { 0x01, 0x80, 0x80, 0x80, 0x80, 0x08 };     // centred, hat at rest

    assert_int_equal(info.kinds, HID_GAMEPAD);
    assert_int_equal(info.pad.report_id, 1);
    expect_field(&info.pad.control[HID_X], 0, 8, 0, 255);
    expect_field(&info.pad.control[HID_Y], 8, 8, 0, 255);
    expect_field(&info.pad.control[HID_HAT], 32, 4, 0, 7);
    expect_field(&info.pad.control[HID_A], 36, 1, 0, 1);        // Square
    expect_field(&info.pad.control[HID_B], 37, 1, 0, 1);        // Cross
    expect_field(&info.pad.control[HID_SELECT], 44, 1, 0, 1);   // Share
    expect_field(&info.pad.control[HID_START], 45, 1, 0, 1);    // Options

    assert_int_equal(decode(&info, r, sizeof r), 0);
    r[5] = 0x00;                                                // hat up
    assert_int_equal(decode(&info, r, sizeof r), UP);
    r[5] = 0x05;                                                // hat down-left
    assert_int_equal(decode(&info, r, sizeof r), DOWN | LEFT);
    r[5] = 0x18;                                                // Square
    assert_int_equal(decode(&info, r, sizeof r), A);
    r[5] = 0x28;                                                // Cross
    assert_int_equal(decode(&info, r, sizeof r), B);
    r[5] = 0xC8;                                                // Circle, Triangle
    assert_int_equal(decode(&info, r, sizeof r), 0);
    r[5] = 0x08;
    r[6] = 0x30;                                                // Share, Options
    assert_int_equal(decode(&info, r, sizeof r), SELECT | START);
    r[6] = 0x0F;                                                // L1 R1 L2 R2
    assert_int_equal(decode(&info, r, sizeof r), 0);
    // With a hat, the stick is not a d-pad.
    r[6] = 0;
    r[1] = 0xFF;
    assert_int_equal(decode(&info, r, sizeof r), 0);
    // Hat up and Square, in a report that ends with the hat's byte.
    r[5] = 0x10;
    r[6] = 0x30;
    assert_int_equal(decode(&info, r, 6), UP | A);
    assert_int_equal(decode(&info, r, 5), 0);
    assert_int_equal(decode(&info, r, 1), 0);
    // Another report, or none.
    r[0] = 0x11;
    assert_int_equal(decode(&info, r, sizeof r), HID_KEEP);
    assert_int_equal(decode(&info, r, 0), HID_KEEP);
}

static void saitek_joystick(void **state)
{
    (void)state;
    struct hid_info info = parse_ok(desc_saitek, sizeof desc_saitek);
    uint8_t r[7] = { 0x01, 0x80, 0x80, 0x80, 0x80, 0x00, 0x80 };   // hat at rest (8)

    assert_int_equal(info.kinds, HID_JOYSTICK);
    assert_int_equal(info.pad.report_id, 1);
    expect_field(&info.pad.control[HID_X], 0, 8, 0, 255);
    expect_field(&info.pad.control[HID_Y], 8, 8, 0, 255);
    expect_field(&info.pad.control[HID_A], 32, 1, 0, 1);
    expect_field(&info.pad.control[HID_B], 33, 1, 0, 1);
    expect_field(&info.pad.control[HID_SELECT], 40, 1, 0, 1);
    expect_field(&info.pad.control[HID_START], 41, 1, 0, 1);
    // After buttons 1-12 and a field of Report Size 0.
    expect_field(&info.pad.control[HID_HAT], 44, 4, 0, 7);

    assert_int_equal(decode(&info, r, sizeof r), 0);
    r[6] = 0x20;                                                // hat right
    assert_int_equal(decode(&info, r, sizeof r), RIGHT);
    r[6] = 0x83;                                                // buttons 9 and 10
    r[5] = 0x03;                                                // buttons 1 and 2
    assert_int_equal(decode(&info, r, sizeof r), A | B | SELECT | START);
    // Report 2 is the force-feedback state.
    const uint8_t effect[3] = { 0x02, 0x03, 0x7F };
    assert_int_equal(decode(&info, effect, sizeof effect), HID_KEEP);
}

static void asus_gamepad(void **state)
{
    (void)state;
    struct hid_info info = parse_ok(desc_asus, sizeof desc_asus);
    uint8_t r[9] = { 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0, 0 };

    // The battery's "Keyboard" collection is not a keyboard.
    assert_int_equal(info.kinds, HID_GAMEPAD);
    assert_int_equal(info.pad.report_id, 1);
    expect_field(&info.pad.control[HID_A], 0, 1, 0, 1);
    expect_field(&info.pad.control[HID_B], 1, 1, 0, 1);
    expect_absent(&info.pad.control[HID_SELECT]);               // Android layout: 11
    expect_absent(&info.pad.control[HID_START]);                // and 12, not listed
    expect_field(&info.pad.control[HID_HAT], 12, 4, 0, 7);
    // X and Y on the Generic Desktop page although the page changes to
    // Simulation before the same Input item.
    expect_field(&info.pad.control[HID_X], 16, 8, 0, 255);
    expect_field(&info.pad.control[HID_Y], 24, 8, 0, 255);

    assert_int_equal(decode(&info, r, sizeof r), 0);
    r[2] = 0x10;                                                // hat up-right
    assert_int_equal(decode(&info, r, sizeof r), UP | RIGHT);
    r[2] = 0x86;                                                // AC Back, AC Home
    r[1] = 0x03;                                                // buttons 1, 2
    assert_int_equal(decode(&info, r, sizeof r), A | B);
    const uint8_t battery[8] = { 0x03, 100 };
    assert_int_equal(decode(&info, battery, sizeof battery), HID_KEEP);
}

static void dragonrise_snes_pad(void **state)
{
    (void)state;
    struct hid_info info = parse_ok(desc_dragonrise, sizeof desc_dragonrise);
    uint8_t r[8] = { 0x01, 0x7F, 0x7F, 0x7F, 0x7F, 0x0F, 0x00, 0x00 };   // at rest

    assert_int_equal(info.kinds, HID_JOYSTICK);
    assert_int_equal(info.pad.report_id, 0);
    expect_absent(&info.pad.control[HID_HAT]);
    expect_field(&info.pad.control[HID_X], 24, 8, 0, 255);
    expect_field(&info.pad.control[HID_Y], 32, 8, 0, 255);
    expect_field(&info.pad.control[HID_A], 44, 1, 0, 1);
    expect_field(&info.pad.control[HID_B], 45, 1, 0, 1);
    expect_field(&info.pad.control[HID_SELECT], 52, 1, 0, 1);
    expect_field(&info.pad.control[HID_START], 53, 1, 0, 1);

    assert_int_equal(decode(&info, r, sizeof r), 0);
    r[3] = 0xFF;                                                // d-pad right
    assert_int_equal(decode(&info, r, sizeof r), RIGHT);
    r[3] = 0x00;                                                // left
    assert_int_equal(decode(&info, r, sizeof r), LEFT);
    r[3] = 0xFF;
    r[4] = 0xFF;                                                // down-right
    assert_int_equal(decode(&info, r, sizeof r), DOWN | RIGHT);
    r[3] = 0x7F;
    r[4] = 0x00;                                                // up
    assert_int_equal(decode(&info, r, sizeof r), UP);
    r[4] = 0x7F;
    r[5] = 0x3F;                                                // buttons 1, 2
    r[6] = 0x30;                                                // 9 (Select), 10 (Start)
    assert_int_equal(decode(&info, r, sizeof r), A | B | SELECT | START);
    r[5] = 0xCF;                                                // 3, 4
    r[6] = 0x0F;                                                // 5-8
    assert_int_equal(decode(&info, r, sizeof r), 0);
    // A quarter of 0..255 from either end: 63 and 192 are past it, 64 and 191 not.
    r[5] = 0x0F;
    r[6] = 0;
    r[3] = 63;
    assert_int_equal(decode(&info, r, sizeof r), LEFT);
    r[3] = 64;
    assert_int_equal(decode(&info, r, sizeof r), 0);
    r[3] = 191;
    assert_int_equal(decode(&info, r, sizeof r), 0);
    r[3] = 192;
    assert_int_equal(decode(&info, r, sizeof r), RIGHT);
    // The report ends before Y: X still counts, Y is at rest.
    r[4] = 0;
    assert_int_equal(decode(&info, r, 4), RIGHT);
}

static void bigben_pad(void **state)
{
    (void)state;
    struct hid_info info = parse_ok(desc_bigben, sizeof desc_bigben);
    uint8_t r[27] = { 0x00, 0x00, 0x0F, 0x80, 0x80, 0x80, 0x80 };   // hat at rest (15)

    assert_int_equal(info.kinds, HID_GAMEPAD);
    assert_int_equal(info.pad.report_id, 0);
    expect_field(&info.pad.control[HID_A], 0, 1, 0, 1);
    expect_field(&info.pad.control[HID_B], 1, 1, 0, 1);
    expect_field(&info.pad.control[HID_SELECT], 8, 1, 0, 1);
    expect_field(&info.pad.control[HID_START], 9, 1, 0, 1);
    expect_field(&info.pad.control[HID_HAT], 16, 4, 0, 7);
    expect_field(&info.pad.control[HID_X], 24, 8, 0, 255);
    expect_field(&info.pad.control[HID_Y], 32, 8, 0, 255);

    assert_int_equal(decode(&info, r, sizeof r), 0);
    r[2] = 0x05;                                                // hat down-left
    assert_int_equal(decode(&info, r, sizeof r), DOWN | LEFT);
    r[2] = 0x03;                                                // down-right
    assert_int_equal(decode(&info, r, sizeof r), DOWN | RIGHT);
    r[2] = 0x07;                                                // up-left
    assert_int_equal(decode(&info, r, sizeof r), UP | LEFT);
    r[2] = 0x0F;
    r[0] = 0x01;                                                // button 1
    r[1] = 0x03;                                                // 9, 10
    assert_int_equal(decode(&info, r, sizeof r), A | SELECT | START);
}

// Every real descriptor, cut short anywhere: a status that says why, never a
// crash, and success only for the whole of a real pad or keyboard.
static void real_descriptors_cut_short(void **state)
{
    (void)state;
    for (size_t i = 0; i < HID_SAMPLES; i++) {
        const struct sample *s = &hid_samples[i];
        for (uint32_t len = 0; len <= s->len; len++) {
            struct hid_info info;
            struct hid_error err;
            int status = hid_parse(s->bytes, len, &info, &err);
            assert_int_equal(err.status, status);
            assert_non_null(err.message);
            assert_true(err.message[0] != '\0');
            assert_true(err.offset <= len);
            if (len == s->len)
                assert_int_equal(status, s->bytes == desc_qemu_tablet ? HID_ERR_NO_CONTROLS : HID_OK);
        }
    }
}

// --- Parser rules, on hand-built descriptors ------------------------------------------

static void hats_of_other_ranges(void **state)
{
    (void)state;
    // Values 1..8, 0 meaning centred.
    const uint8_t one_based[] = JOYSTICK(0x15, 0x01, 0x25, 0x08, 0x75, 0x04, 0x95, 0x01,
                                         0x09, 0x39, 0x81, 0x42, 0x81, 0x01);
    // Four positions: up, right, down, left.
    const uint8_t four[] = JOYSTICK(0x15, 0x00, 0x25, 0x03, 0x75, 0x08, 0x95, 0x01,
                                    0x09, 0x39, 0x81, 0x42);
    // Degrees, 0..359 in 16 bits.
    const uint8_t degrees[] = JOYSTICK(0x15, 0x00, 0x26, 0x67, 0x01, 0x75, 0x10, 0x95, 0x01,
                                       0x09, 0x39, 0x81, 0x42);
    struct hid_info info;
    uint8_t r[2];

    info = parse_ok(one_based, sizeof one_based);
    expect_field(&info.pad.control[HID_HAT], 0, 4, 1, 8);
    r[0] = 1;
    assert_int_equal(decode(&info, r, 1), UP);
    r[0] = 8;
    assert_int_equal(decode(&info, r, 1), UP | LEFT);
    r[0] = 0;
    assert_int_equal(decode(&info, r, 1), 0);

    info = parse_ok(four, sizeof four);
    r[0] = 1;
    assert_int_equal(decode(&info, r, 1), RIGHT);
    r[0] = 3;
    assert_int_equal(decode(&info, r, 1), LEFT);
    r[0] = 4;
    assert_int_equal(decode(&info, r, 1), 0);

    info = parse_ok(degrees, sizeof degrees);
    static const struct { uint16_t angle; uint32_t buttons; } angles[] = {
        { 0, UP }, { 22, UP }, { 23, UP | RIGHT }, { 90, RIGHT }, { 180, DOWN },
        { 200, DOWN }, { 270, LEFT }, { 337, UP | LEFT }, { 338, UP }, { 359, UP }, { 360, 0 },
    };
    for (size_t i = 0; i < sizeof(angles) / sizeof(angles[0]); i++) {
        r[0] = (uint8_t)angles[i].angle;
        r[1] = (uint8_t)(angles[i].angle >> 8);
        assert_int_equal(decode(&info, r, 2), angles[i].buttons);
    }
}

static void a_hat_that_cannot_be_read_leaves_the_stick(void **state)
{
    (void)state;
    // A two-position "hat", then X and Y.
    const uint8_t d[] = JOYSTICK(0x15, 0x00, 0x25, 0x01, 0x75, 0x08, 0x95, 0x01, 0x09, 0x39,
                                 0x81, 0x42, 0x26, 0xFF, 0x00, 0x95, 0x02, 0x09, 0x30, 0x09, 0x31,
                                 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);
    const uint8_t r[3] = { 0, 0x80, 0xFF };

    expect_absent(&info.pad.control[HID_HAT]);
    expect_field(&info.pad.control[HID_X], 8, 8, 0, 255);
    assert_int_equal(decode(&info, r, sizeof r), DOWN);
}

static void signed_axes(void **state)
{
    (void)state;
    // -127..127 in a byte, one byte per axis.
    const uint8_t d[] = JOYSTICK(0x15, 0x81, 0x25, 0x7F, 0x75, 0x08, 0x95, 0x02,
                                 0x09, 0x30, 0x09, 0x31, 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);
    static const struct { uint8_t x; uint32_t buttons; } xs[] = {
        { 0x81, LEFT }, { 0xC0, LEFT }, { 0xC1, 0 }, { 0x00, 0 },    // -127, -64, -63, 0
        { 0x3F, 0 }, { 0x40, RIGHT }, { 0x7F, RIGHT },               // 63, 64, 127
        { 0x80, 0 },                                                 // -128: out of range
    };

    expect_field(&info.pad.control[HID_X], 0, 8, -127, 127);
    for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        const uint8_t r[2] = { xs[i].x, 0 };
        assert_int_equal(decode(&info, r, 2), xs[i].buttons);
    }
}

static void a_quarter_exactly_is_not_past_it(void **state)
{
    (void)state;
    // 0..100: 25 and 75 are the quarter marks themselves.
    const uint8_t d[] = JOYSTICK(0x15, 0x00, 0x25, 0x64, 0x75, 0x08, 0x95, 0x01, 0x09, 0x30,
                                 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);
    static const struct { uint8_t x; uint32_t buttons; } xs[] = {
        { 24, LEFT }, { 25, 0 }, { 50, 0 }, { 75, 0 }, { 76, RIGHT }, { 100, RIGHT }, { 101, 0 },
    };

    for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
        assert_int_equal(decode(&info, &xs[i].x, 1), xs[i].buttons);
}

static void buttons_past_half_their_range(void **state)
{
    (void)state;
    // Button 1 reporting pressure, 0..255.
    const uint8_t d[] = JOYSTICK(0x05, 0x09, 0x09, 0x01, BYTE_FIELDS, 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);
    const uint8_t light = 127, firm = 128;

    expect_field(&info.pad.control[HID_A], 0, 8, 0, 255);
    assert_int_equal(decode(&info, &light, 1), 0);
    assert_int_equal(decode(&info, &firm, 1), A);
}

static void logical_maximum_written_as_one_byte(void **state)
{
    (void)state;
    // 0x25 0xFF: 255 after a minimum of 0 (as in QEMU's keyboard), -1 after a
    // negative minimum.
    const uint8_t unsigned_max[] = JOYSTICK(0x15, 0x00, 0x25, 0xFF, 0x75, 0x08, 0x95, 0x01,
                                            0x09, 0x30, 0x81, 0x02);
    const uint8_t signed_max[] = JOYSTICK(0x15, 0x80, 0x25, 0xFF, 0x75, 0x08, 0x95, 0x01,
                                          0x09, 0x30, 0x81, 0x02);
    // Maximum before minimum: read the same way once the field is laid out.
    const uint8_t max_first[] = JOYSTICK(0x25, 0xFF, 0x15, 0x00, 0x75, 0x08, 0x95, 0x01,
                                         0x09, 0x30, 0x81, 0x02);
    struct hid_info info;

    info = parse_ok(unsigned_max, sizeof unsigned_max);
    expect_field(&info.pad.control[HID_X], 0, 8, 0, 255);
    info = parse_ok(signed_max, sizeof signed_max);
    expect_field(&info.pad.control[HID_X], 0, 8, -128, -1);
    info = parse_ok(max_first, sizeof max_first);
    expect_field(&info.pad.control[HID_X], 0, 8, 0, 255);
}

static void controls_that_cannot_be_read(void **state)
{
    (void)state;
    // X of 33 bits; Y with a range beyond 32-bit signed numbers; then button 1.
    const uint8_t d[] = JOYSTICK(0x15, 0x00, 0x25, 0x01, 0x75, 0x21, 0x95, 0x01, 0x09, 0x30,
                                 0x81, 0x02, 0x27, 0xFF, 0xFF, 0xFF, 0xFF, 0x75, 0x20,
                                 0x09, 0x31, 0x81, 0x02, 0x05, 0x09, 0x09, 0x01, 0x25, 0x01,
                                 0x75, 0x01, 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);

    expect_absent(&info.pad.control[HID_X]);
    expect_absent(&info.pad.control[HID_Y]);
    expect_field(&info.pad.control[HID_A], 65, 1, 0, 1);
}

static void push_and_pop(void **state)
{
    (void)state;
    const uint8_t d[] = JOYSTICK(BYTE_FIELDS,
                                 0xA4,                          // push
                                 0x75, 0x04, 0x25, 0x07, 0x09, 0x39, 0x81, 0x42,
                                 0xB4,                          // pop: 8 bits, 0..255 again
                                 0x09, 0x30, 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);

    expect_field(&info.pad.control[HID_HAT], 0, 4, 0, 7);
    expect_field(&info.pad.control[HID_X], 4, 8, 0, 255);
}

static void long_items_are_skipped(void **state)
{
    (void)state;
    // Its data would end two collections if read as items.
    const uint8_t d[] = JOYSTICK(0xFE, 0x02, 0xF0, 0xC0, 0xC0, BYTE_FIELDS, 0x09, 0x30, 0x81, 0x02,
                                 0xFE, 0x00, 0x11);
    struct hid_info info = parse_ok(d, sizeof d);

    expect_field(&info.pad.control[HID_X], 0, 8, 0, 255);
}

static void usages_with_their_own_page(void **state)
{
    (void)state;
    // On the Button page, a four-byte usage names the Generic Desktop hat;
    // Usage 1 is then button 1.
    const uint8_t d[] = JOYSTICK(0x05, 0x09, 0x0B, 0x39, 0x00, 0x01, 0x00, 0x15, 0x00,
                                 0x25, 0x07, 0x75, 0x04, 0x95, 0x01, 0x81, 0x42,
                                 0x09, 0x01, 0x25, 0x01, 0x75, 0x01, 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);

    expect_field(&info.pad.control[HID_HAT], 0, 4, 0, 7);
    expect_field(&info.pad.control[HID_A], 4, 1, 0, 1);
}

static void delimiters_keep_the_first_set(void **state)
{
    (void)state;
    // Two fields; the usage list is X (first set), Y (an alternative, dropped);
    // the second field repeats X.  Y is the next item's.
    const uint8_t d[] = JOYSTICK(0xA9, 0x01, 0x09, 0x30, 0xA9, 0x00, 0xA9, 0x01, 0x09, 0x31,
                                 0xA9, 0x00, BYTE_FIELDS, 0x95, 0x02, 0x81, 0x02,
                                 0x09, 0x31, 0x95, 0x01, 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);

    expect_field(&info.pad.control[HID_X], 0, 8, 0, 255);
    expect_field(&info.pad.control[HID_Y], 16, 8, 0, 255);
}

static void fields_past_the_usages_repeat_the_last(void **state)
{
    (void)state;
    // Three fields, one usage: all three are X, and the first is taken.
    const uint8_t d[] = JOYSTICK(BYTE_FIELDS, 0x95, 0x03, 0x09, 0x30, 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);

    expect_field(&info.pad.control[HID_X], 0, 8, 0, 255);
    expect_absent(&info.pad.control[HID_Y]);
}

static void usage_ranges_pick_the_right_field(void **state)
{
    (void)state;
    // Buttons 5..12 then 1..4 in one item of 12 one-bit fields.
    const uint8_t d[] = JOYSTICK(0x05, 0x09, 0x19, 0x05, 0x29, 0x0C, 0x19, 0x01, 0x29, 0x04,
                                 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x0C, 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);

    expect_field(&info.pad.control[HID_SELECT], 4, 1, 0, 1);
    expect_field(&info.pad.control[HID_START], 5, 1, 0, 1);
    expect_field(&info.pad.control[HID_A], 8, 1, 0, 1);
    expect_field(&info.pad.control[HID_B], 9, 1, 0, 1);
}

static void only_data_variables_inside_the_pad_count(void **state)
{
    (void)state;
    // Buttons as an array of indexes, a constant X, then a real Y.
    const uint8_t d[] = JOYSTICK(0x05, 0x09, 0x19, 0x01, 0x29, 0x08, 0x15, 0x01, 0x25, 0x08,
                                 0x75, 0x08, 0x95, 0x01, 0x81, 0x00,
                                 0x05, 0x01, 0x09, 0x30, BYTE_FIELDS, 0x81, 0x03,
                                 0x09, 0x31, 0x81, 0x02);
    // A mouse's X before the pad's collection shifts the pad's report.
    const uint8_t mouse_then_pad[] = { 0x05, 0x01, 0x09, 0x02, 0xA1, 0x01, 0x09, 0x30, BYTE_FIELDS,
                                       0x81, 0x06, 0xC0,
                                       GAMEPAD(0x09, 0x31, 0x81, 0x02) };
    struct hid_info info = parse_ok(d, sizeof d);

    expect_absent(&info.pad.control[HID_A]);
    expect_absent(&info.pad.control[HID_X]);
    expect_field(&info.pad.control[HID_Y], 16, 8, 0, 255);
    info = parse_ok(mouse_then_pad, sizeof mouse_then_pad);
    assert_int_equal(info.kinds, HID_GAMEPAD);
    expect_absent(&info.pad.control[HID_X]);
    expect_field(&info.pad.control[HID_Y], 8, 8, 0, 255);
}

static void only_top_level_collections_name_the_device(void **state)
{
    (void)state;
    // An application collection called Keyboard inside a Game Pad.
    const uint8_t d[] = { GAMEPAD(0x09, 0x06, 0xA1, 0x01, 0x09, 0x30, BYTE_FIELDS, 0x81, 0x02,
                                  0xC0) };
    struct hid_info info = parse_ok(d, sizeof d);

    assert_int_equal(info.kinds, HID_GAMEPAD);
    expect_field(&info.pad.control[HID_X], 0, 8, 0, 255);
}

static void controls_of_one_report_only(void **state)
{
    (void)state;
    // X in report 1; Y and button 1 in report 2.
    const uint8_t d[] = JOYSTICK(0x85, 0x01, BYTE_FIELDS, 0x09, 0x30, 0x81, 0x02,
                                 0x85, 0x02, 0x09, 0x31, 0x81, 0x02,
                                 0x05, 0x09, 0x09, 0x01, 0x25, 0x01, 0x75, 0x01, 0x81, 0x02);
    struct hid_info info = parse_ok(d, sizeof d);
    const uint8_t one[2] = { 0x01, 0x00 }, two[3] = { 0x02, 0xFF, 0x01 };

    assert_int_equal(info.pad.report_id, 1);
    expect_field(&info.pad.control[HID_X], 0, 8, 0, 255);
    expect_absent(&info.pad.control[HID_Y]);
    expect_absent(&info.pad.control[HID_A]);
    assert_int_equal(decode(&info, one, sizeof one), LEFT);
    assert_int_equal(decode(&info, two, sizeof two), HID_KEEP);
}

static void an_empty_pad_collection_gives_way(void **state)
{
    (void)state;
    // A Joystick with only padding, then a Game Pad with X.
    const uint8_t d[] = { 0x05, 0x01, 0x09, 0x04, 0xA1, 0x01, BYTE_FIELDS, 0x81, 0x01, 0xC0,
                          GAMEPAD(0x09, 0x30, 0x81, 0x02) };
    struct hid_info info = parse_ok(d, sizeof d);

    assert_int_equal(info.kinds, HID_JOYSTICK | HID_GAMEPAD);
    expect_field(&info.pad.control[HID_X], 8, 8, 0, 255);
}

static void limits_reached_exactly(void **state)
{
    (void)state;
    // 8 collections deep, 4 pushes, 64 usages for one item, an input report
    // of 32768 bits, 32 input reports, 4096 bytes.
    uint8_t d[HID_MAX_DESCRIPTOR];
    const uint8_t fields[] = { BYTE_FIELDS };
    size_t n = 0;

    memcpy(d, (const uint8_t[]){ 0x05, 0x01, 0x09, 0x04, 0xA1, 0x01 }, 6);
    n = 6;
    for (int i = 1; i < HID_MAX_DEPTH; i++) {
        d[n++] = 0xA1;
        d[n++] = 0x00;
    }
    for (int i = 0; i < HID_MAX_PUSH; i++)
        d[n++] = 0xA4;
    for (int i = 0; i < HID_MAX_PUSH; i++)
        d[n++] = 0xB4;
    memcpy(d + n, fields, sizeof fields);
    n += sizeof fields;
    d[n++] = 0x85;                                              // report 1: X,
    d[n++] = 0x01;
    for (int i = 0; i < HID_MAX_USAGES; i++) {                  // named first of 64 usages
        d[n++] = 0x09;
        d[n++] = i == 0 ? 0x30 : 0x31;
    }
    d[n++] = 0x81;
    d[n++] = 0x02;
    d[n++] = 0x96;                                              // then 4095 bytes of padding
    d[n++] = 0xFF;
    d[n++] = 0x0F;
    d[n++] = 0x81;
    d[n++] = 0x01;
    d[n++] = 0x95;
    d[n++] = 0x01;
    for (int id = 2; id <= HID_MAX_REPORTS; id++) {             // reports 2..32: a byte each
        d[n++] = 0x85;
        d[n++] = (uint8_t)id;
        d[n++] = 0x81;
        d[n++] = 0x01;
    }
    for (int i = 0; i < HID_MAX_DEPTH; i++)
        d[n++] = 0xC0;
    memset(d + n, 0, sizeof d - n);                             // main items of tag 0: ignored

    struct hid_info info = parse_ok(d, sizeof d);
    assert_int_equal(info.pad.report_id, 1);
    expect_field(&info.pad.control[HID_X], 0, 8, 0, 255);
    expect_absent(&info.pad.control[HID_Y]);
}

// --- Malformed descriptors --------------------------------------------------------

static void empty_and_too_long(void **state)
{
    (void)state;
    static uint8_t big[HID_MAX_DESCRIPTOR + 1];

    expect_error(big, 0, HID_ERR_EMPTY, 0, "empty report descriptor");
    expect_error(NULL, 0, HID_ERR_EMPTY, 0, "empty report descriptor");
    expect_error(big, sizeof big, HID_ERR_TOO_LONG, HID_MAX_DESCRIPTOR, "report descriptor too long");
    // At the limit: QEMU's keyboard followed by items of tag 0, which say nothing.
    memcpy(big, desc_qemu_keyboard, sizeof desc_qemu_keyboard);
    assert_int_equal(parse_ok(big, HID_MAX_DESCRIPTOR).kinds, HID_KEYBOARD);
}

static void truncated_items(void **state)
{
    (void)state;
    const char *msg = "item runs past the end of the descriptor";
    const uint8_t one_missing[] = { 0x05 };
    const uint8_t two_byte_cut[] = { 0x05, 0x01, 0x26, 0xFF };
    const uint8_t four_byte_cut[] = { 0x27, 0x01, 0x02, 0x03 };
    const uint8_t long_past_end[] = { 0xFE, 0x05, 0x00, 0x01, 0x02 };
    const uint8_t long_header_cut[] = { 0x05, 0x01, 0xFE, 0x00 };
    const uint8_t long_alone[] = { 0xFE };

    expect_error(one_missing, sizeof one_missing, HID_ERR_TRUNCATED, 0, msg);
    expect_error(two_byte_cut, sizeof two_byte_cut, HID_ERR_TRUNCATED, 2, msg);
    expect_error(four_byte_cut, sizeof four_byte_cut, HID_ERR_TRUNCATED, 0, msg);
    expect_error(long_past_end, sizeof long_past_end, HID_ERR_TRUNCATED, 0, msg);
    expect_error(long_header_cut, sizeof long_header_cut, HID_ERR_TRUNCATED, 2, msg);
    expect_error(long_alone, sizeof long_alone, HID_ERR_TRUNCATED, 0, msg);
}

static void collections_out_of_balance(void **state)
{
    (void)state;
    uint8_t deep[2 * (HID_MAX_DEPTH + 1) + HID_MAX_DEPTH + 1];
    size_t n = 0;

    for (int i = 0; i <= HID_MAX_DEPTH; i++) {
        deep[n++] = 0xA1;
        deep[n++] = 0x00;
    }
    for (int i = 0; i <= HID_MAX_DEPTH; i++)
        deep[n++] = 0xC0;
    expect_error(deep, n, HID_ERR_NESTING, 2 * HID_MAX_DEPTH, "collections nested too deep");

    const uint8_t end_alone[] = { 0xC0 };
    const uint8_t end_twice[] = JOYSTICK(BYTE_FIELDS, 0x09, 0x30, 0x81, 0x02, 0xC0);
    const uint8_t unclosed[] = { 0x05, 0x01, 0x09, 0x05, 0xA1, 0x01, 0x09, 0x30, BYTE_FIELDS,
                                 0x81, 0x02 };
    expect_error(end_alone, sizeof end_alone, HID_ERR_END_COLLECTION, 0,
                 "end collection without a collection");
    expect_error(end_twice, sizeof end_twice, HID_ERR_END_COLLECTION, sizeof end_twice - 1,
                 "end collection without a collection");
    expect_error(unclosed, sizeof unclosed, HID_ERR_UNCLOSED, sizeof unclosed,
                 "collection still open at the end");
}

static void push_and_pop_out_of_balance(void **state)
{
    (void)state;
    const uint8_t pop[] = JOYSTICK(0xB4);
    const uint8_t pushes[] = { 0xA4, 0xA4, 0xA4, 0xA4, 0xA4 };

    expect_error(pop, sizeof pop, HID_ERR_POP, 6, "pop without push");
    expect_error(pushes, sizeof pushes, HID_ERR_PUSH, HID_MAX_PUSH, "too many pushes");
}

static void reports_too_large(void **state)
{
    (void)state;
    const char *msg = "report too large";
    // Report Count 2^32 - 1.
    const uint8_t huge_count[] = JOYSTICK(0x75, 0x08, 0x97, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x02);
    // Report Size 65536 times Report Count 65536 (2^32: 0 if it wrapped).
    const uint8_t wrapping[] = JOYSTICK(0x77, 0x00, 0x00, 0x01, 0x00, 0x97, 0x00, 0x00, 0x01, 0x00,
                                        0x81, 0x02);
    // 32768 bits, twice.
    const uint8_t twice[] = JOYSTICK(0x76, 0x00, 0x80, 0x95, 0x02, 0xB1, 0x02);
    const uint8_t output[] = JOYSTICK(0x75, 0x08, 0x96, 0x01, 0x10, 0x91, 0x02);
    // A full report, then one bit more in another item.
    const uint8_t grows[] = JOYSTICK(0x75, 0x08, 0x96, 0x00, 0x10, 0x81, 0x01, 0x75, 0x01,
                                     0x95, 0x01, 0x81, 0x01);

    expect_error(huge_count, sizeof huge_count, HID_ERR_REPORT_SIZE, 13, msg);
    expect_error(wrapping, sizeof wrapping, HID_ERR_REPORT_SIZE, 16, msg);
    expect_error(twice, sizeof twice, HID_ERR_REPORT_SIZE, 11, msg);
    expect_error(output, sizeof output, HID_ERR_REPORT_SIZE, 11, msg);
    expect_error(grows, sizeof grows, HID_ERR_REPORT_SIZE, 17, msg);
}

static void report_ids_out_of_range_or_missing(void **state)
{
    (void)state;
    const uint8_t zero[] = JOYSTICK(0x85, 0x00);
    const uint8_t too_big[] = JOYSTICK(0x86, 0x00, 0x01);
    // Input data in report 0, then a numbered report.
    const uint8_t late_id[] = JOYSTICK(BYTE_FIELDS, 0x81, 0x01, 0x85, 0x01);
    // The ID is global state: popped away before the next input.
    const uint8_t popped_id[] = JOYSTICK(0xA4, 0x85, 0x01, 0xB4, BYTE_FIELDS, 0x81, 0x01);

    expect_error(zero, sizeof zero, HID_ERR_REPORT_ID, 6, "report ID 0 or above 255");
    expect_error(too_big, sizeof too_big, HID_ERR_REPORT_ID, 6, "report ID 0 or above 255");
    expect_error(late_id, sizeof late_id, HID_ERR_UNNUMBERED, 17,
                 "input data outside the numbered reports");
    expect_error(popped_id, sizeof popped_id, HID_ERR_UNNUMBERED, 19,
                 "input data outside the numbered reports");
}

static void too_many_reports(void **state)
{
    (void)state;
    uint8_t d[6 + 6 * (HID_MAX_REPORTS + 1) + 4 + 1] = { 0x05, 0x01, 0x09, 0x04, 0xA1, 0x01 };
    size_t n = 6;

    d[n++] = 0x75;
    d[n++] = 0x08;
    d[n++] = 0x95;
    d[n++] = 0x01;
    for (int id = 1; id <= HID_MAX_REPORTS + 1; id++) {
        d[n++] = 0x85;
        d[n++] = (uint8_t)id;
        d[n++] = 0x81;
        d[n++] = 0x01;
        // The same report again adds to it, not to the count.
        d[n++] = 0x81;
        d[n++] = 0x01;
    }
    d[n++] = 0xC0;
    expect_error(d, n, HID_ERR_REPORTS, 10 + 6 * HID_MAX_REPORTS + 2, "too many input reports");
}

static void usage_lists_out_of_bounds(void **state)
{
    (void)state;
    uint8_t many[2 * (HID_MAX_USAGES + 1)];
    const uint8_t inverted[] = { 0x19, 0x05, 0x29, 0x01 };
    const uint8_t across_pages[] = { 0x1B, 0x01, 0x00, 0x09, 0x00, 0x2B, 0x05, 0x00, 0x01, 0x00 };
    const uint8_t nested_delimiter[] = { 0xA9, 0x01, 0xA9, 0x01 };
    const uint8_t lone_close[] = { 0xA9, 0x00 };
    const uint8_t odd_delimiter[] = { 0xA9, 0x02 };

    for (int i = 0; i <= HID_MAX_USAGES; i++) {
        many[2 * i] = 0x09;
        many[2 * i + 1] = (uint8_t)i;
    }
    expect_error(many, sizeof many, HID_ERR_USAGES, 2 * HID_MAX_USAGES,
                 "too many usages for one item");
    expect_error(inverted, sizeof inverted, HID_ERR_USAGE_RANGE, 2,
                 "usage minimum above maximum or on another page");
    expect_error(across_pages, sizeof across_pages, HID_ERR_USAGE_RANGE, 5,
                 "usage minimum above maximum or on another page");
    expect_error(nested_delimiter, sizeof nested_delimiter, HID_ERR_DELIMITER, 2,
                 "nested or unmatched delimiter");
    expect_error(lone_close, sizeof lone_close, HID_ERR_DELIMITER, 0, "nested or unmatched delimiter");
    expect_error(odd_delimiter, sizeof odd_delimiter, HID_ERR_DELIMITER, 0,
                 "nested or unmatched delimiter");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pad_numbers_match_pad_h),
        cmocka_unit_test(every_documented_key),
        cmocka_unit_test(keys_together_and_keys_that_are_not_the_pad),
        cmocka_unit_test(roll_over_and_short_reports_keep_the_state),
        cmocka_unit_test(presses_are_down_edges_of_each_device),
        cmocka_unit_test(qemu_keyboard_is_a_keyboard),
        cmocka_unit_test(qemu_tablet_has_nothing_for_the_pad),
        cmocka_unit_test(dualshock4),
        cmocka_unit_test(saitek_joystick),
        cmocka_unit_test(asus_gamepad),
        cmocka_unit_test(dragonrise_snes_pad),
        cmocka_unit_test(bigben_pad),
        cmocka_unit_test(real_descriptors_cut_short),
        cmocka_unit_test(hats_of_other_ranges),
        cmocka_unit_test(a_hat_that_cannot_be_read_leaves_the_stick),
        cmocka_unit_test(signed_axes),
        cmocka_unit_test(a_quarter_exactly_is_not_past_it),
        cmocka_unit_test(buttons_past_half_their_range),
        cmocka_unit_test(logical_maximum_written_as_one_byte),
        cmocka_unit_test(controls_that_cannot_be_read),
        cmocka_unit_test(push_and_pop),
        cmocka_unit_test(long_items_are_skipped),
        cmocka_unit_test(usages_with_their_own_page),
        cmocka_unit_test(delimiters_keep_the_first_set),
        cmocka_unit_test(fields_past_the_usages_repeat_the_last),
        cmocka_unit_test(usage_ranges_pick_the_right_field),
        cmocka_unit_test(only_data_variables_inside_the_pad_count),
        cmocka_unit_test(only_top_level_collections_name_the_device),
        cmocka_unit_test(controls_of_one_report_only),
        cmocka_unit_test(an_empty_pad_collection_gives_way),
        cmocka_unit_test(limits_reached_exactly),
        cmocka_unit_test(empty_and_too_long),
        cmocka_unit_test(truncated_items),
        cmocka_unit_test(collections_out_of_balance),
        cmocka_unit_test(push_and_pop_out_of_balance),
        cmocka_unit_test(reports_too_large),
        cmocka_unit_test(report_ids_out_of_range_or_missing),
        cmocka_unit_test(too_many_reports),
        cmocka_unit_test(usage_lists_out_of_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

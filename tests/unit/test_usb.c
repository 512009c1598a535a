// The USB descriptor parsers (kernel/dev/usb/usbdesc.c): the descriptors
// of QEMU's keyboard, mouse, tablet, hub and storage stick as they answer
// (usb_descriptors.h), a composite pad in the DualShock 4's layout, every
// malformed case with its message and offset, real ones cut short at every
// length, route strings.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dev/usb/usb.h"
#include "usb_descriptors.h"

static void device_descriptors(void **state)
{
    (void)state;
    struct usb_device_desc d;

    assert_null(usb_parse_device(qemu_kbd_device, sizeof(qemu_kbd_device), &d));
    assert_int_equal(d.vendor, 0x0627);
    assert_int_equal(d.product, 0x0001);
    assert_int_equal(d.class, 0);
    assert_int_equal(d.max_packet0, 64);
    assert_int_equal(d.configurations, 1);
    assert_null(usb_parse_device(qemu_hub_device, sizeof(qemu_hub_device), &d));
    assert_int_equal(d.class, USB_CLASS_HUB);
    assert_int_equal(d.max_packet0, 8);
    // At super speed bMaxPacketSize0 is an exponent: 2^9 = 512.
    assert_null(usb_parse_device(qemu_storage_device, sizeof(qemu_storage_device), &d));
    assert_int_equal(d.max_packet0, 9);
    // The first 8 bytes give EP0's packet size and nothing else.
    assert_null(usb_parse_device(qemu_hub_device, 8, &d));
    assert_int_equal(d.max_packet0, 8);
    assert_int_equal(d.vendor, 0);
}

static void bad_device_descriptors(void **state)
{
    (void)state;
    struct usb_device_desc d;
    uint8_t bytes[18];

    assert_string_equal(usb_parse_device(qemu_kbd_device, 7, &d),
                        "device descriptor shorter than 8 bytes");
    memcpy(bytes, qemu_kbd_device, sizeof(bytes));
    bytes[1] = USB_DT_CONFIG;
    assert_string_equal(usb_parse_device(bytes, sizeof(bytes), &d), "not a device descriptor");
    bytes[1] = USB_DT_DEVICE;
    bytes[0] = 17;
    assert_string_equal(usb_parse_device(bytes, sizeof(bytes), &d),
                        "device descriptor shorter than 18 bytes");
}

static void check_function(const uint8_t *config, uint32_t len, uint8_t kind, uint8_t class,
                           uint16_t report, uint8_t endpoint, uint16_t packet, uint8_t interval)
{
    struct usb_function f;
    uint32_t offset = 99;

    assert_null(usb_parse_config(config, len, &f, &offset));
    assert_int_equal(offset, 0);
    assert_int_equal(f.kind, kind);
    assert_int_equal(f.config, 1);
    assert_int_equal(f.class, class);
    assert_int_equal(f.report_length, report);
    assert_int_equal(f.endpoint, endpoint);
    assert_int_equal(f.max_packet, packet);
    assert_int_equal(f.interval, interval);
}

static void qemu_configurations(void **state)
{
    (void)state;
    check_function(qemu_kbd_config, sizeof(qemu_kbd_config), USB_FN_KEYBOARD, USB_CLASS_HID,
                   63, 0x81, 8, 10);
    check_function(qemu_mouse_config, sizeof(qemu_mouse_config), USB_FN_HID, USB_CLASS_HID,
                   52, 0x81, 4, 7);
    check_function(qemu_tablet_config, sizeof(qemu_tablet_config), USB_FN_HID, USB_CLASS_HID,
                   74, 0x81, 8, 4);
    check_function(qemu_hub_config, sizeof(qemu_hub_config), USB_FN_HUB, USB_CLASS_HUB,
                   0, 0x81, 2, 255);
    // Bulk endpoints only: nothing the console uses; the log's class is
    // the first interface's.
    check_function(qemu_storage_config, sizeof(qemu_storage_config), USB_FN_NONE, 0x08,
                   0, 0, 0, 0);
}

// A DualShock 4's layout: three audio interfaces first, the HID interface
// (with an OUT endpoint before its IN one) fourth.  Built here by hand.
static const uint8_t pad_config[] = {
    0x09, 0x02, 0x5a, 0x00, 0x04, 0x01, 0x00, 0xc0, 0xfa,
    0x09, 0x04, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00,      // audio control
    0x09, 0x04, 0x01, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00,      // audio streaming, alt 0
    0x09, 0x04, 0x01, 0x01, 0x01, 0x01, 0x02, 0x00, 0x00,      // ... alt 1
    0x07, 0x05, 0x01, 0x09, 0x84, 0x01, 0x01,                  //   isochronous OUT
    0x09, 0x04, 0x02, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00,      // audio streaming, alt 0
    0x09, 0x04, 0x03, 0x00, 0x02, 0x03, 0x00, 0x00, 0x00,      // HID
    0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0xd3, 0x01,      //   report descriptor: 467 bytes
    0x07, 0x05, 0x03, 0x03, 0x40, 0x00, 0x05,                  //   interrupt OUT
    0x07, 0x05, 0x84, 0x03, 0x40, 0x00, 0x05,                  //   interrupt IN
};

static void a_composite_pad(void **state)
{
    (void)state;
    struct usb_function f;
    uint32_t offset;

    assert_null(usb_parse_config(pad_config, sizeof(pad_config), &f, &offset));
    assert_int_equal(f.kind, USB_FN_HID);
    assert_int_equal(f.interface, 3);
    assert_int_equal(f.report_length, 467);
    assert_int_equal(f.endpoint, 0x84);
    assert_int_equal(f.max_packet, 64);
    assert_int_equal(f.interval, 5);
    assert_int_equal(f.class, USB_CLASS_HID);
}

// A keyboard is preferred over another HID interface before it, and a
// HID interface over a hub; alternate settings other than 0 and
// interfaces without an interrupt IN endpoint do not count.
static void choices(void **state)
{
    (void)state;
    static const uint8_t config[] = {
        0x09, 0x02, 0x54, 0x00, 0x04, 0x02, 0x00, 0xa0, 0x32,
        0x09, 0x04, 0x00, 0x00, 0x01, 0x09, 0x00, 0x00, 0x00,  // a hub function
        0x07, 0x05, 0x81, 0x03, 0x01, 0x00, 0x0c,
        0x09, 0x04, 0x01, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00,  // HID, OUT endpoint only
        0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x20, 0x00,
        0x07, 0x05, 0x02, 0x03, 0x08, 0x00, 0x0a,
        0x09, 0x04, 0x02, 0x01, 0x01, 0x03, 0x01, 0x01, 0x00,  // a keyboard, alternate 1
        0x07, 0x05, 0x83, 0x03, 0x08, 0x00, 0x0a,
        0x09, 0x04, 0x03, 0x00, 0x01, 0x03, 0x01, 0x01, 0x00,  // a keyboard
        0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x3f, 0x00,
    };
    struct usb_function f;
    uint32_t offset;

    // Cut before the last keyboard's endpoint: the hub is all there is.
    assert_null(usb_parse_config(config, sizeof(config), &f, &offset));
    assert_int_equal(f.kind, USB_FN_HUB);
    assert_int_equal(f.config, 2);

    uint8_t whole[sizeof(config) + 7];
    memcpy(whole, config, sizeof(config));
    static const uint8_t endpoint[] = { 0x07, 0x05, 0x84, 0x03, 0x08, 0x00, 0x0a };
    memcpy(whole + sizeof(config), endpoint, sizeof(endpoint));
    whole[2] = sizeof(whole);
    assert_null(usb_parse_config(whole, sizeof(whole), &f, &offset));
    assert_int_equal(f.kind, USB_FN_KEYBOARD);
    assert_int_equal(f.interface, 3);
    assert_int_equal(f.endpoint, 0x84);
}

static void check_bad_config(const uint8_t *config, uint32_t len, const char *message,
                             uint32_t at)
{
    struct usb_function f;
    uint32_t offset = 99;

    assert_string_equal(usb_parse_config(config, len, &f, &offset), message);
    assert_int_equal(offset, at);
}

static void bad_configurations(void **state)
{
    (void)state;
    uint8_t c[sizeof(qemu_kbd_config)];

    check_bad_config(qemu_kbd_config, 8, "configuration descriptor shorter than 9 bytes", 0);
    memcpy(c, qemu_kbd_config, sizeof(c));
    c[1] = USB_DT_DEVICE;
    check_bad_config(c, sizeof(c), "not a configuration descriptor", 0);
    memcpy(c, qemu_kbd_config, sizeof(c));
    c[2] = 8;
    check_bad_config(c, sizeof(c), "configuration total length shorter than its own descriptor", 0);
    // bLength 0 would loop forever; 1 would read a type byte that is not there.
    memcpy(c, qemu_kbd_config, sizeof(c));
    c[18] = 0;
    check_bad_config(c, sizeof(c), "descriptor shorter than 2 bytes", 18);
    c[18] = 1;
    check_bad_config(c, sizeof(c), "descriptor shorter than 2 bytes", 18);
    memcpy(c, qemu_kbd_config, sizeof(c));
    c[27] = 8;
    check_bad_config(c, sizeof(c), "descriptor runs past the end", 27);
    memcpy(c, qemu_kbd_config, sizeof(c));
    c[9] = 8;
    c[17] = 2;              // a 2-byte filler keeps the walk in step
    check_bad_config(c, sizeof(c), "interface descriptor shorter than 9 bytes", 9);
    memcpy(c, qemu_kbd_config, sizeof(c));
    c[18] = 6;
    c[24] = 3;              // the HID descriptor's last 3 bytes become a filler
    check_bad_config(c, sizeof(c), "HID descriptor shorter than 9 bytes", 18);
    memcpy(c, qemu_kbd_config, sizeof(c));
    c[27] = 6;
    c[33] = 1;
    check_bad_config(c, sizeof(c), "endpoint descriptor shorter than 7 bytes", 27);
}

// wTotalLength shorter than what arrived: the rest is not read.  Longer
// (the driver asks for at most a page): what arrived is all there is.
static void total_length_bounds_the_walk(void **state)
{
    (void)state;
    uint8_t c[sizeof(qemu_kbd_config) + 4];
    struct usb_function f;
    uint32_t offset;

    memcpy(c, qemu_kbd_config, sizeof(qemu_kbd_config));
    memset(c + sizeof(qemu_kbd_config), 0, 4);   // zeros past the end would be bLength 0
    assert_null(usb_parse_config(c, sizeof(c), &f, &offset));
    assert_int_equal(f.kind, USB_FN_KEYBOARD);
    c[2] = 27;              // the endpoint left out
    assert_null(usb_parse_config(c, sizeof(c), &f, &offset));
    assert_int_equal(f.kind, USB_FN_NONE);
}

// Each real configuration cut at every length: either a clear error, or a
// result that only uses what was there.
static void cut_short_at_every_length(void **state)
{
    (void)state;
    const struct { const uint8_t *bytes; uint32_t len; } configs[] = {
        { qemu_kbd_config, sizeof(qemu_kbd_config) },
        { qemu_hub_config, sizeof(qemu_hub_config) },
        { qemu_storage_config, sizeof(qemu_storage_config) },
        { pad_config, sizeof(pad_config) },
    };

    for (uint32_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++) {
        for (uint32_t len = 0; len < configs[i].len; len++) {
            uint8_t *copy = malloc(len ? len : 1);   // exactly len bytes: ASan sees overreads
            struct usb_function f;
            uint32_t offset;
            const char *bad;

            memcpy(copy, configs[i].bytes, len);
            bad = usb_parse_config(copy, len, &f, &offset);
            if (bad)
                assert_true(offset < (len ? len : 1));
            else
                assert_true(f.kind == USB_FN_NONE || f.endpoint != 0);
            free(copy);
        }
    }
}

static void hub_descriptors(void **state)
{
    (void)state;
    struct usb_hub_desc h;
    uint8_t d[sizeof(qemu_hub_desc)];

    assert_null(usb_parse_hub(qemu_hub_desc, sizeof(qemu_hub_desc), &h));
    assert_int_equal(h.ports, 8);
    assert_int_equal(h.power_on_ms, 2);
    assert_int_equal(h.think_time, 0);
    // wHubCharacteristics 0x0060: think time 3 (32 full-speed bit times).
    memcpy(d, qemu_hub_desc, sizeof(d));
    d[3] = 0x60;
    d[5] = 50;
    assert_null(usb_parse_hub(d, sizeof(d), &h));
    assert_int_equal(h.think_time, 3);
    assert_int_equal(h.power_on_ms, 100);
    // A USB 3 hub's descriptor; a route string reaches 15 ports of any hub.
    d[1] = USB_DT_SS_HUB;
    d[2] = 20;
    assert_null(usb_parse_hub(d, sizeof(d), &h));
    assert_int_equal(h.ports, HUB_MAX_PORTS);
    assert_string_equal(usb_parse_hub(d, 6, &h), "hub descriptor shorter than 7 bytes");
    d[0] = 6;
    assert_string_equal(usb_parse_hub(d, sizeof(d), &h), "hub descriptor shorter than 7 bytes");
    d[0] = 9;
    d[1] = USB_DT_CONFIG;
    assert_string_equal(usb_parse_hub(d, sizeof(d), &h), "not a hub descriptor");
    d[1] = USB_DT_HUB;
    d[2] = 0;
    assert_string_equal(usb_parse_hub(d, sizeof(d), &h), "hub with no ports");
}

static void route_strings(void **state)
{
    (void)state;
    // A device on port 3 of a hub on a root port (tier 0), then on port 2
    // of a hub behind that one's port 3, and so on to the fifth tier.
    assert_int_equal(usb_route(0, 0, 3), 0x3);
    assert_int_equal(usb_route(0x3, 1, 2), 0x23);
    assert_int_equal(usb_route(0x23, 2, 15), 0xF23);
    assert_int_equal(usb_route(0xF23, 3, 1), 0x1F23);
    assert_int_equal(usb_route(0x1F23, 4, 9), 0x91F23);
    // No sixth tier, no port 0, no port past 15.
    assert_int_equal(usb_route(0x91F23, 5, 1), -1);
    assert_int_equal(usb_route(0, 0, 0), -1);
    assert_int_equal(usb_route(0, 0, 16), -1);
}

static void speed_names(void **state)
{
    (void)state;
    assert_string_equal(usb_speed_name(USB_SPEED_FULL), "full-speed");
    assert_string_equal(usb_speed_name(USB_SPEED_LOW), "low-speed");
    assert_string_equal(usb_speed_name(USB_SPEED_HIGH), "high-speed");
    assert_string_equal(usb_speed_name(USB_SPEED_SUPER), "super-speed");
    assert_string_equal(usb_speed_name(USB_SPEED_SUPER_PLUS), "super-speed-plus");
    assert_string_equal(usb_speed_name(0), "unknown-speed");
    assert_string_equal(usb_speed_name(15), "unknown-speed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(device_descriptors),
        cmocka_unit_test(bad_device_descriptors),
        cmocka_unit_test(qemu_configurations),
        cmocka_unit_test(a_composite_pad),
        cmocka_unit_test(choices),
        cmocka_unit_test(bad_configurations),
        cmocka_unit_test(total_length_bounds_the_walk),
        cmocka_unit_test(cut_short_at_every_length),
        cmocka_unit_test(hub_descriptors),
        cmocka_unit_test(route_strings),
        cmocka_unit_test(speed_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// libFuzzer target on kernel/dev/usb/hid.c.  Each input is a report
// descriptor and, when it describes a pad, also the reports decoded with the
// map: cut at every length where a control begins or ends, each in a buffer
// of exactly that size so that reading past it is caught.  Any broken promise
// the xHCI driver relies on aborts.
#include <stdlib.h>
#include <string.h>
#include "dev/usb/hid.h"

#define PAD_BITS            0xFFu        // a pad's report: the eight buttons
#define KEYBOARD_BITS       (PAD_BITS | 1u << HID_KEY_RESTART | 1u << HID_KEY_INSPECT)

static void
expect(int ok)
{
    if (!ok)
        abort();
}

static void
expect_bits(uint32_t buttons, uint32_t allowed)
{
    expect(buttons == HID_KEEP || (buttons & ~allowed) == 0);
}

static void
decode(const struct hid_pad_map *m, const uint8_t *data, size_t size, uint32_t len)
{
    uint8_t *report = malloc(len ? len : 1);

    // The input's own bytes, after the ID the map wants so that the decoding
    // goes past the ID check.
    for (uint32_t i = 0; i < len; i++)
        report[i] = size ? data[i % size] : 0;
    if (len && m->report_id)
        report[0] = m->report_id;
    expect_bits(hid_pad_buttons(m, report, len), PAD_BITS);
    free(report);
}

static void
check_map(const struct hid_info *info, const uint8_t *data, size_t size)
{
    const struct hid_pad_map *m = &info->pad;
    uint32_t id_bytes = m->report_id ? 1 : 0, found = 0;

    for (int c = 0; c < HID_CONTROLS; c++) {
        const struct hid_field *f = &m->control[c];
        if (f->size == 0)
            continue;
        found++;
        expect(f->size <= 32 && f->bit + f->size <= HID_MAX_REPORT_BITS);
        expect(f->min <= f->max && f->is_signed == (f->min < 0));
        if (c == HID_HAT)
            expect((uint32_t)f->max - (uint32_t)f->min + 1 >= 4 &&
                   (uint32_t)f->max - (uint32_t)f->min + 1 <= 360);
        uint32_t first = id_bytes + f->bit / 8, end = id_bytes + (f->bit + f->size + 7) / 8;
        decode(m, data, size, first);
        decode(m, data, size, end - 1);
        decode(m, data, size, end);
    }
    if (found)
        expect(info->kinds & (HID_GAMEPAD | HID_JOYSTICK));
    else
        expect(info->kinds & HID_KEYBOARD && m->report_id == 0);
    decode(m, data, size, 0);
    decode(m, data, size, 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hid_info info;
    struct hid_error err;
    uint32_t len = size > HID_MAX_DESCRIPTOR + 1 ? HID_MAX_DESCRIPTOR + 1 : (uint32_t)size;
    uint32_t held = 0;

    int status = hid_parse(data, len, &info, &err);
    expect(status == err.status && err.message != NULL && err.message[0] != '\0');
    expect(err.offset <= len);
    expect(status != HID_OK || len <= HID_MAX_DESCRIPTOR);

    uint32_t keys = hid_boot_keyboard_buttons(data, len);
    expect_bits(keys, KEYBOARD_BITS);
    expect((hid_track(&held, keys) & ~held) == 0 && (held & HID_KEEP) == 0);

    if (status == HID_OK)
        check_map(&info, data, size);
    return 0;
}

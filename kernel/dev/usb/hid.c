// HID report descriptors and reports (see hid.h).  A report descriptor is a
// list of items: a prefix byte (data size in bits 0-1, where 3 means 4 bytes;
// type in bits 2-3; tag in bits 4-7) and its little-endian data; prefix 0xFE
// starts a long item (data size, tag, data), for which HID 1.11 defines no
// tag, so it is skipped whole.
// Global items set state that lasts until changed; local items (usages)
// describe the next main item only; an Input main item lays out Report Count
// fields of Report Size bits each, one after another in its report.
#include "dev/usb/hid.h"

#define ITEM_LONG           0xFE         // long item: a size byte, a tag byte, then data
#define ITEM_TYPE_MAIN      0
#define ITEM_TYPE_GLOBAL    1
#define ITEM_TYPE_LOCAL     2            // type 3 is reserved: such items are skipped

#define MAIN_INPUT          0x8
#define MAIN_OUTPUT         0x9
#define MAIN_COLLECTION     0xA
#define MAIN_FEATURE        0xB
#define MAIN_END_COLLECTION 0xC

#define GLOBAL_USAGE_PAGE   0x0
#define GLOBAL_LOGICAL_MIN  0x1
#define GLOBAL_LOGICAL_MAX  0x2
#define GLOBAL_REPORT_SIZE  0x7
#define GLOBAL_REPORT_ID    0x8
#define GLOBAL_REPORT_COUNT 0x9
#define GLOBAL_PUSH         0xA
#define GLOBAL_POP          0xB

#define LOCAL_USAGE         0x0
#define LOCAL_USAGE_MIN     0x1
#define LOCAL_USAGE_MAX     0x2
#define LOCAL_DELIMITER     0xA          // data 1 opens a set of alternative usages, 0 closes it

#define INPUT_CONSTANT      0x01         // padding, not data
#define INPUT_VARIABLE      0x02         // one field per usage (clear: an array of usage indexes)
#define COLLECTION_APPLICATION 0x01

#define REPORT_ID_MAX       255          // the ID is the report's first byte

// A usage: page in the high half, ID in the low half.
#define USAGE(page, id)     ((uint32_t)(page) << 16 | (uint32_t)(id))
#define PAGE_DESKTOP        0x01         // Generic Desktop
#define PAGE_BUTTON         0x09         // usage n: button n
#define USAGE_JOYSTICK      USAGE(PAGE_DESKTOP, 0x04)
#define USAGE_GAMEPAD       USAGE(PAGE_DESKTOP, 0x05)
#define USAGE_KEYBOARD      USAGE(PAGE_DESKTOP, 0x06)
#define USAGE_X             USAGE(PAGE_DESKTOP, 0x30)
#define USAGE_Y             USAGE(PAGE_DESKTOP, 0x31)
#define USAGE_HAT           USAGE(PAGE_DESKTOP, 0x39)

// A hat reports a direction as one of its logical values, clockwise from
// north; fewer than four cannot name up, right, down and left, and more than
// one per degree is finer than any hat.
#define HAT_MIN_POSITIONS   4
#define HAT_MAX_POSITIONS   360

// Keyboard page usages 1-3 (ErrorRollOver, POSTFail, ErrorUndefined) fill
// every key slot of a report that cannot say which keys are held.
#define KEY_ERROR_FIRST     0x01
#define KEY_ERROR_LAST      0x03

#define BIT(b)              (1u << (b))

// Keyboard page usage -> the pad buttons or console key it holds: the keys
// the PS/2 path reads (pad.c).
static const uint16_t key_buttons[] = {
    [0x52] = BIT(HID_PAD_UP),    [0x60] = BIT(HID_PAD_UP),      // Up arrow, keypad 8
    [0x51] = BIT(HID_PAD_DOWN),  [0x5A] = BIT(HID_PAD_DOWN),    // Down arrow, keypad 2
    [0x50] = BIT(HID_PAD_LEFT),  [0x5C] = BIT(HID_PAD_LEFT),    // Left arrow, keypad 4
    [0x4F] = BIT(HID_PAD_RIGHT), [0x5E] = BIT(HID_PAD_RIGHT),   // Right arrow, keypad 6
    [0x1D] = BIT(HID_PAD_A),     [0x2C] = BIT(HID_PAD_A),       // Z, space bar
    [0x1B] = BIT(HID_PAD_B),                                    // X
    [0x28] = BIT(HID_PAD_START), [0x58] = BIT(HID_PAD_START),   // Enter, keypad Enter
    [0x2B] = BIT(HID_PAD_SELECT),                               // Tab
    [0x3E] = BIT(HID_KEY_RESTART),                              // F5
    [0x3A] = BIT(HID_KEY_INSPECT),                              // F1
};

// The usage each pad control is found by (see hid.h for the button choice).
static const uint32_t control_usage[HID_CONTROLS] = {
    [HID_HAT] = USAGE_HAT,
    [HID_X] = USAGE_X,
    [HID_Y] = USAGE_Y,
    [HID_A] = USAGE(PAGE_BUTTON, 1),
    [HID_B] = USAGE(PAGE_BUTTON, 2),
    [HID_SELECT] = USAGE(PAGE_BUTTON, 9),
    [HID_START] = USAGE(PAGE_BUTTON, 10),
};

static const char *const status_message[] = {
    [HID_OK] = "ok",
    [HID_ERR_EMPTY] = "empty report descriptor",
    [HID_ERR_TOO_LONG] = "report descriptor too long",
    [HID_ERR_TRUNCATED] = "item runs past the end of the descriptor",
    [HID_ERR_PUSH] = "too many pushes",
    [HID_ERR_POP] = "pop without push",
    [HID_ERR_NESTING] = "collections nested too deep",
    [HID_ERR_END_COLLECTION] = "end collection without a collection",
    [HID_ERR_UNCLOSED] = "collection still open at the end",
    [HID_ERR_USAGES] = "too many usages for one item",
    [HID_ERR_USAGE_RANGE] = "usage minimum above maximum or on another page",
    [HID_ERR_DELIMITER] = "nested or unmatched delimiter",
    [HID_ERR_REPORT_ID] = "report ID 0 or above 255",
    [HID_ERR_UNNUMBERED] = "input data outside the numbered reports",
    [HID_ERR_REPORTS] = "too many input reports",
    [HID_ERR_REPORT_SIZE] = "report too large",
    [HID_ERR_NO_CONTROLS] = "neither a keyboard nor a pad with a hat, stick or buttons",
};

// The state global items set.  Logical Maximum is kept both sign-extended
// and not, because devices write 255 as the one byte 0xFF: it is read as
// signed only when Logical Minimum is negative (what Linux does too).
struct globals {
    uint32_t page;
    int32_t  logical_min;
    int32_t  logical_max_signed;
    uint32_t logical_max_unsigned;
    uint32_t report_size, report_count, report_id;
};

struct usage_range {
    uint32_t first, last;                // same page, first <= last
};

// Bits laid out so far in one input report.
struct report_length {
    uint8_t  id;
    uint16_t bits;
};

// Where the pad's collection has got to.
enum { PAD_NOT_SEEN, PAD_OPEN, PAD_DONE };

struct parser {
    struct globals g;
    struct globals saved[HID_MAX_PUSH];
    uint32_t pushed;
    struct usage_range usage[HID_MAX_USAGES];  // local state: the usages of the next main item
    uint32_t usages;
    uint32_t usage_min, usage_max;       // a Usage Minimum or Maximum waiting for its pair
    uint8_t  have_min, have_max;
    uint8_t  delimiter_open, delimiter_sets;
    uint32_t depth;                      // open collections
    uint8_t  pad;                        // PAD_x
    uint8_t  pad_found;                  // some control of out->pad is known
    uint8_t  numbered;                   // a Report ID item was seen
    uint8_t  unnumbered_input;           // an Input item was laid out before any Report ID
    struct report_length report[HID_MAX_REPORTS];
    uint32_t reports;
    struct hid_info *out;
};

static int
finish(struct hid_error *err, int status, uint32_t offset)
{
    if (err) {
        err->status = status;
        err->offset = offset;
        err->message = status_message[status];
    }
    return status;
}

static void
clear_locals(struct parser *p)
{
    p->usages = 0;
    p->have_min = p->have_max = 0;
    p->delimiter_open = p->delimiter_sets = 0;
}

// --- Local items ---------------------------------------------------------------

static int
add_usages(struct parser *p, uint32_t first, uint32_t last)
{
    // Sets after the first in a delimiter list are alternative names for the
    // same controls: the first set is enough.
    if (p->delimiter_open && p->delimiter_sets > 1)
        return HID_OK;
    if (first >> 16 != last >> 16 || first > last)
        return HID_ERR_USAGE_RANGE;
    if (p->usages == HID_MAX_USAGES)
        return HID_ERR_USAGES;
    p->usage[p->usages].first = first;
    p->usage[p->usages].last = last;
    p->usages++;
    return HID_OK;
}

static int
pair_usage_range(struct parser *p)
{
    if (!p->have_min || !p->have_max)
        return HID_OK;
    p->have_min = p->have_max = 0;
    return add_usages(p, p->usage_min, p->usage_max);
}

static int
local_item(struct parser *p, uint32_t tag, uint32_t data, uint32_t size)
{
    // A usage of one or two bytes is an ID on the page current when it is
    // read; four bytes carry their own page.
    uint32_t usage = size == 4 ? data : USAGE(p->g.page, data);

    switch (tag) {
    case LOCAL_USAGE:
        return add_usages(p, usage, usage);
    case LOCAL_USAGE_MIN:
        p->usage_min = usage;
        p->have_min = 1;
        return pair_usage_range(p);
    case LOCAL_USAGE_MAX:
        p->usage_max = usage;
        p->have_max = 1;
        return pair_usage_range(p);
    case LOCAL_DELIMITER:
        if (data > 1 || p->delimiter_open == data)
            return HID_ERR_DELIMITER;
        p->delimiter_open = (uint8_t)data;
        p->delimiter_sets += (uint8_t)data;
        return HID_OK;
    }
    return HID_OK;                       // designators and strings: nothing the pad uses
}

// --- Global items --------------------------------------------------------------

static int
global_item(struct parser *p, uint32_t tag, uint32_t data, int32_t sdata)
{
    switch (tag) {
    case GLOBAL_USAGE_PAGE:
        p->g.page = data & 0xFFFF;
        break;
    case GLOBAL_LOGICAL_MIN:
        p->g.logical_min = sdata;
        break;
    case GLOBAL_LOGICAL_MAX:
        p->g.logical_max_signed = sdata;
        p->g.logical_max_unsigned = data;
        break;
    case GLOBAL_REPORT_SIZE:
        p->g.report_size = data;
        break;
    case GLOBAL_REPORT_COUNT:
        p->g.report_count = data;
        break;
    case GLOBAL_REPORT_ID:
        if (data == 0 || data > REPORT_ID_MAX)
            return HID_ERR_REPORT_ID;
        if (p->unnumbered_input)
            return HID_ERR_UNNUMBERED;
        p->g.report_id = data;
        p->numbered = 1;
        break;
    case GLOBAL_PUSH:
        if (p->pushed == HID_MAX_PUSH)
            return HID_ERR_PUSH;
        p->saved[p->pushed++] = p->g;
        break;
    case GLOBAL_POP:
        if (p->pushed == 0)
            return HID_ERR_POP;
        p->g = p->saved[--p->pushed];
        break;
    }
    return HID_OK;                       // physical range, units: nothing the pad uses
}

// --- Main items ----------------------------------------------------------------

// The bits one Input, Output or Feature item lays out.  Each factor is
// bounded first, so the product cannot overflow.
static int
item_bits(const struct parser *p, uint32_t *bits)
{
    if (p->g.report_size > HID_MAX_REPORT_BITS || p->g.report_count > HID_MAX_REPORT_BITS ||
        p->g.report_size * p->g.report_count > HID_MAX_REPORT_BITS)
        return HID_ERR_REPORT_SIZE;
    *bits = p->g.report_size * p->g.report_count;
    return HID_OK;
}

static struct report_length *
report_length(struct parser *p, uint32_t id)
{
    for (uint32_t i = 0; i < p->reports; i++)
        if (p->report[i].id == id)
            return &p->report[i];
    if (p->reports == HID_MAX_REPORTS)
        return NULL;
    p->report[p->reports].id = (uint8_t)id;
    p->report[p->reports].bits = 0;
    return &p->report[p->reports++];
}

// Records control c at bit of the current report, unless it is known
// already, is in another report than the controls found before, or cannot
// be read: more than 32 bits, an empty or unrepresentable logical range, a
// hat with too few or too many positions.
static void
map_control(struct parser *p, uint32_t c, uint32_t bit)
{
    struct hid_field *f = &p->out->pad.control[c];
    int32_t min = p->g.logical_min, max;

    if (f->size || (p->pad_found && p->out->pad.report_id != p->g.report_id))
        return;
    if (p->g.report_size == 0 || p->g.report_size > 32)
        return;
    if (min < 0)
        max = p->g.logical_max_signed;
    else if (p->g.logical_max_unsigned > INT32_MAX)
        return;
    else
        max = (int32_t)p->g.logical_max_unsigned;
    if (max < min)
        return;
    if (c == HID_HAT && ((uint32_t)max - (uint32_t)min < HAT_MIN_POSITIONS - 1 ||
                         (uint32_t)max - (uint32_t)min > HAT_MAX_POSITIONS - 1))
        return;
    f->bit = (uint16_t)bit;
    f->size = (uint8_t)p->g.report_size;
    f->is_signed = min < 0;
    f->min = min;
    f->max = max;
    p->out->pad.report_id = (uint8_t)p->g.report_id;
    p->pad_found = 1;
}

// Finds the pad's controls among the fields of an Input item starting at
// bit start.  Field i has the i-th usage listed (the usages of all ranges in
// order); fields past the list repeat the last usage, which is never a
// first occurrence, so only listed positions are looked at.
static void
map_controls(struct parser *p, uint32_t start)
{
    uint32_t index = 0;

    for (uint32_t r = 0; r < p->usages && index < p->g.report_count; r++) {
        uint32_t first = p->usage[r].first, last = p->usage[r].last;
        for (uint32_t c = 0; c < HID_CONTROLS; c++) {
            uint32_t u = control_usage[c];
            if (u >= first && u <= last && u - first < p->g.report_count - index)
                map_control(p, c, start + (index + u - first) * p->g.report_size);
        }
        index += last - first + 1;
    }
}

static int
input_item(struct parser *p, uint32_t flags)
{
    struct report_length *r;
    uint32_t bits, start;
    int status = item_bits(p, &bits);

    if (status != HID_OK)
        return status;
    if (p->g.report_id == 0) {
        if (p->numbered)
            return HID_ERR_UNNUMBERED;
        p->unnumbered_input = 1;
    }
    r = report_length(p, p->g.report_id);
    if (r == NULL)
        return HID_ERR_REPORTS;
    start = r->bits;
    if (bits > HID_MAX_REPORT_BITS - start)
        return HID_ERR_REPORT_SIZE;
    r->bits = (uint16_t)(start + bits);
    if (p->pad == PAD_OPEN && (flags & (INPUT_CONSTANT | INPUT_VARIABLE)) == INPUT_VARIABLE)
        map_controls(p, start);
    return HID_OK;
}

// Only top-level application collections say what a device is: the same
// usage deeper down names a part (the Asus gamepad's battery sits in a
// "Keyboard" logical collection).
static int
collection_item(struct parser *p, uint32_t kind)
{
    if (p->depth == HID_MAX_DEPTH)
        return HID_ERR_NESTING;
    if (p->depth == 0 && kind == COLLECTION_APPLICATION && p->usages > 0) {
        uint32_t usage = p->usage[0].first;
        if (usage == USAGE_KEYBOARD)
            p->out->kinds |= HID_KEYBOARD;
        if (usage == USAGE_GAMEPAD || usage == USAGE_JOYSTICK) {
            p->out->kinds |= usage == USAGE_GAMEPAD ? HID_GAMEPAD : HID_JOYSTICK;
            if (p->pad == PAD_NOT_SEEN)
                p->pad = PAD_OPEN;
        }
    }
    p->depth++;
    return HID_OK;
}

static int
end_collection_item(struct parser *p)
{
    if (p->depth == 0)
        return HID_ERR_END_COLLECTION;
    p->depth--;
    // A pad collection without a usable control leaves the next one a chance.
    if (p->depth == 0 && p->pad == PAD_OPEN)
        p->pad = p->pad_found ? PAD_DONE : PAD_NOT_SEEN;
    return HID_OK;
}

static int
main_item(struct parser *p, uint32_t tag, uint32_t data)
{
    uint32_t bits;
    int status = HID_OK;

    switch (tag) {
    case MAIN_INPUT:
        status = input_item(p, data);
        break;
    case MAIN_OUTPUT:
    case MAIN_FEATURE:
        // The console never sends or asks for these reports: their fields
        // need no place, only a size that could be real.
        status = item_bits(p, &bits);
        break;
    case MAIN_COLLECTION:
        status = collection_item(p, data);
        break;
    case MAIN_END_COLLECTION:
        status = end_collection_item(p);
        break;
    }
    clear_locals(p);
    return status;
}

// --- The descriptor ------------------------------------------------------------

// Reads the item at *pos and moves *pos past it.
static int
item(struct parser *p, const uint8_t *desc, uint32_t len, uint32_t *pos)
{
    uint32_t at = *pos, left = len - at;
    uint8_t prefix = desc[at];

    if (prefix == ITEM_LONG) {
        if (left < 3 || left - 3 < desc[at + 1])
            return HID_ERR_TRUNCATED;
        *pos = at + 3 + desc[at + 1];
        return HID_OK;
    }

    uint32_t size = prefix & 3, data = 0;
    int32_t sdata = 0;
    if (size == 3)
        size = 4;
    if (left - 1 < size)
        return HID_ERR_TRUNCATED;
    for (uint32_t i = 0; i < size; i++)
        data |= (uint32_t)desc[at + 1 + i] << (8 * i);
    if (size == 1)
        sdata = (int8_t)data;
    else if (size == 2)
        sdata = (int16_t)data;
    else if (size == 4)
        sdata = (int32_t)data;
    *pos = at + 1 + size;

    uint32_t tag = prefix >> 4;
    switch (prefix >> 2 & 3) {
    case ITEM_TYPE_MAIN:
        return main_item(p, tag, data);
    case ITEM_TYPE_GLOBAL:
        return global_item(p, tag, data, sdata);
    case ITEM_TYPE_LOCAL:
        return local_item(p, tag, data, size);
    }
    return HID_OK;
}

int
hid_parse(const uint8_t *desc, uint32_t len, struct hid_info *out, struct hid_error *err)
{
    struct parser p;
    uint32_t pos = 0;

    if (len == 0)
        return finish(err, HID_ERR_EMPTY, 0);
    if (len > HID_MAX_DESCRIPTOR)
        return finish(err, HID_ERR_TOO_LONG, HID_MAX_DESCRIPTOR);

    // Field by field: a whole-struct initializer would make the compiler
    // call memset, which this file must not need.
    p.g.page = 0;
    p.g.logical_min = p.g.logical_max_signed = 0;
    p.g.logical_max_unsigned = 0;
    p.g.report_size = p.g.report_count = p.g.report_id = 0;
    p.pushed = 0;
    clear_locals(&p);
    p.depth = 0;
    p.pad = PAD_NOT_SEEN;
    p.pad_found = p.numbered = p.unnumbered_input = 0;
    p.reports = 0;
    p.out = out;
    out->kinds = 0;
    out->pad.report_id = 0;
    for (uint32_t c = 0; c < HID_CONTROLS; c++)
        out->pad.control[c].size = 0;

    while (pos < len) {
        uint32_t at = pos;
        int status = item(&p, desc, len, &pos);
        if (status != HID_OK)
            return finish(err, status, at);
    }
    if (p.depth != 0)
        return finish(err, HID_ERR_UNCLOSED, len);
    if (!(out->kinds & HID_KEYBOARD) && !p.pad_found)
        return finish(err, HID_ERR_NO_CONTROLS, len);
    return finish(err, HID_OK, len);
}

// --- Reports -------------------------------------------------------------------

uint32_t
hid_boot_keyboard_buttons(const uint8_t *report, uint32_t len)
{
    uint32_t buttons = 0;

    if (len < HID_BOOT_REPORT_LEN)
        return HID_KEEP;
    for (uint32_t i = HID_BOOT_FIRST_KEY; i < HID_BOOT_REPORT_LEN; i++) {
        uint8_t key = report[i];
        if (key >= KEY_ERROR_FIRST && key <= KEY_ERROR_LAST)
            return HID_KEEP;
        if (key < sizeof key_buttons / sizeof key_buttons[0])
            buttons |= key_buttons[key];
    }
    return buttons;
}

// Reads control f from a report's data (past the ID byte) and gives how far
// its value is above the logical minimum.  Returns 0, meaning "at rest", for
// an absent control, data too short to hold it, or a value out of range.
static int
control_offset(const struct hid_field *f, const uint8_t *data, uint32_t len, uint32_t *offset)
{
    uint32_t v = 0;

    if (f->size == 0 || f->size > 32 || ((uint32_t)f->bit + f->size + 7) / 8 > len)
        return 0;
    for (uint32_t i = 0; i < f->size; i++) {
        uint32_t b = (uint32_t)f->bit + i;
        v |= (uint32_t)(data[b / 8] >> (b % 8) & 1) << i;
    }
    if (f->is_signed && f->size < 32 && (v >> (f->size - 1) & 1))
        v |= ~0u << f->size;
    if ((int32_t)v < f->min || (int32_t)v > f->max)
        return 0;
    *offset = v - (uint32_t)f->min;
    return 1;
}

static uint32_t
span(const struct hid_field *f)
{
    return (uint32_t)f->max - (uint32_t)f->min;
}

// The hat's value, rounded to the nearest of eight directions.
static uint32_t
hat_buttons(const struct hid_field *f, const uint8_t *data, uint32_t len)
{
    static const uint8_t octant[8] = {
        BIT(HID_PAD_UP), BIT(HID_PAD_UP) | BIT(HID_PAD_RIGHT),
        BIT(HID_PAD_RIGHT), BIT(HID_PAD_DOWN) | BIT(HID_PAD_RIGHT),
        BIT(HID_PAD_DOWN), BIT(HID_PAD_DOWN) | BIT(HID_PAD_LEFT),
        BIT(HID_PAD_LEFT), BIT(HID_PAD_UP) | BIT(HID_PAD_LEFT),
    };
    uint32_t offset, positions = span(f) + 1;

    if (positions < HAT_MIN_POSITIONS || positions > HAT_MAX_POSITIONS ||
        !control_offset(f, data, len, &offset))
        return 0;
    return octant[(offset * 8 + positions / 2) / positions % 8];
}

// One stick axis: low when in the first quarter of the range, high in the
// last, nothing around the centre.
static uint32_t
axis_buttons(const struct hid_field *f, const uint8_t *data, uint32_t len,
             uint32_t low, uint32_t high)
{
    uint32_t offset;

    if (!control_offset(f, data, len, &offset))
        return 0;
    if ((uint64_t)offset * 4 < span(f))
        return low;
    if ((uint64_t)offset * 4 > (uint64_t)span(f) * 3)
        return high;
    return 0;
}

uint32_t
hid_pad_buttons(const struct hid_pad_map *m, const uint8_t *report, uint32_t len)
{
    static const uint8_t button_of[HID_CONTROLS] = {
        [HID_A] = HID_PAD_A, [HID_B] = HID_PAD_B,
        [HID_SELECT] = HID_PAD_SELECT, [HID_START] = HID_PAD_START,
    };
    uint32_t buttons, offset;

    if (m->report_id != 0) {
        if (len == 0 || report[0] != m->report_id)
            return HID_KEEP;
        report++;
        len--;
    }
    if (m->control[HID_HAT].size)
        buttons = hat_buttons(&m->control[HID_HAT], report, len);
    else
        buttons = axis_buttons(&m->control[HID_X], report, len, BIT(HID_PAD_LEFT), BIT(HID_PAD_RIGHT)) |
                  axis_buttons(&m->control[HID_Y], report, len, BIT(HID_PAD_UP), BIT(HID_PAD_DOWN));
    for (uint32_t c = HID_A; c <= HID_START; c++) {
        const struct hid_field *f = &m->control[c];
        if (control_offset(f, report, len, &offset) && offset > span(f) - offset)
            buttons |= BIT(button_of[c]);
    }
    return buttons;
}

uint32_t
hid_track(uint32_t *held, uint32_t buttons)
{
    uint32_t down;

    if (buttons & HID_KEEP)
        return 0;
    down = buttons & ~*held;
    *held = buttons;
    return down;
}

// USB HID input for the pad: boot-protocol keyboard reports, the report
// descriptors of gamepads and joysticks, and their input reports.  Pure
// functions of the bytes a device sends (no kernel state, no hardware, no
// libc), so host tests and a fuzzer run them; the xHCI driver feeds them.
//
// Gamepad buttons: button 1 -> A, button 2 -> B, button 9 -> SELECT,
// button 10 -> START.  Pads in DirectInput layout (DualShock 4, Logitech in
// "D" mode, the SNES-style DragonRise pads, Saitek) number Select/Back 9 and
// Start 10; their buttons 11 and 12 are the stick clicks, which must not
// swap cartridges.  Pads in the Android layout (Select 11, Start 12, Home and
// Back on the Consumer page) get A, B and the directions only.
#ifndef GENESIS_HID_H
#define GENESIS_HID_H

#include <stddef.h>
#include <stdint.h>

// The pad's buttons as bit numbers: the same numbers as PAD_x in pad.h, kept
// apart so that this file depends on nothing (tests/unit/test_hid.c checks
// that the two agree).
#define HID_PAD_UP          0
#define HID_PAD_DOWN        1
#define HID_PAD_LEFT        2
#define HID_PAD_RIGHT       3
#define HID_PAD_A           4
#define HID_PAD_B           5
#define HID_PAD_START       6
#define HID_PAD_SELECT      7
#define HID_KEY_RESTART     8            // keys for the console, not the pad (pad.h)
#define HID_KEY_INSPECT     9

// Set in a decoded report that tells nothing about the buttons (a keyboard's
// roll-over report, another report of a numbered device): the device's
// buttons stay as they were.
#define HID_KEEP            0x80000000u

// A boot-protocol keyboard report: modifier bits, a reserved byte, then the
// usage codes of up to six keys held (0: empty slot).
#define HID_BOOT_REPORT_LEN 8
#define HID_BOOT_FIRST_KEY  2

// Limits on a report descriptor.  Real ones are a few hundred bytes, nest
// collections three or four deep and list a few dozen usages per control.
#define HID_MAX_DESCRIPTOR  4096         // bytes; what Linux accepts too
#define HID_MAX_DEPTH       8            // open collections
#define HID_MAX_PUSH        4            // saved global states
#define HID_MAX_USAGES      64           // usages (a Minimum/Maximum pair is one) per main item
#define HID_MAX_REPORTS     32           // distinct input reports (report IDs)
#define HID_MAX_REPORT_BITS 32768        // one input report: 4 KiB; bit offsets fit 16 bits

// The controls the pad reads, as indexes of hid_pad_map.control.
enum hid_control {
    HID_HAT,                             // Generic Desktop Hat Switch: the d-pad
    HID_X,                               // Generic Desktop X and Y: the first stick,
    HID_Y,                               //   read only when there is no hat
    HID_A,                               // Button 1
    HID_B,                               // Button 2
    HID_SELECT,                          // Button 9
    HID_START,                           // Button 10
    HID_CONTROLS
};

// Where one control sits in an input report.
struct hid_field {
    uint16_t bit;                        // first bit, counted from the byte after the report ID
    uint8_t  size;                       // bits, 1..32; 0: the device has no such control
    uint8_t  is_signed;                  // min < 0: the bits are sign-extended
    int32_t  min, max;                   // logical range; a value outside it is "at rest"
};

// The pad's controls, all in one input report: the one that holds the first
// control found in the first top-level Game Pad or Joystick collection.
struct hid_pad_map {
    uint8_t  report_id;                  // 0: the device does not number its reports
    struct hid_field control[HID_CONTROLS];
};

// What a report descriptor describes.
#define HID_KEYBOARD        0x1          // a top-level Keyboard collection
#define HID_GAMEPAD         0x2          // a top-level Game Pad collection
#define HID_JOYSTICK        0x4          // a top-level Joystick collection

struct hid_info {
    uint32_t kinds;                      // HID_KEYBOARD | HID_GAMEPAD | HID_JOYSTICK
    struct hid_pad_map pad;
};

// One status per failure; the message says the same in a few words.
enum hid_status {
    HID_OK = 0,
    HID_ERR_EMPTY,                       // zero-length descriptor
    HID_ERR_TOO_LONG,                    // over HID_MAX_DESCRIPTOR
    HID_ERR_TRUNCATED,                   // an item (short or long) runs past the end
    HID_ERR_PUSH,                        // more than HID_MAX_PUSH pushes
    HID_ERR_POP,                         // pop without push
    HID_ERR_NESTING,                     // collections deeper than HID_MAX_DEPTH
    HID_ERR_END_COLLECTION,              // end collection without a collection
    HID_ERR_UNCLOSED,                    // a collection still open at the end
    HID_ERR_USAGES,                      // more than HID_MAX_USAGES usages for one main item
    HID_ERR_USAGE_RANGE,                 // usage minimum above maximum, or on another page
    HID_ERR_DELIMITER,                   // nested or unmatched delimiter
    HID_ERR_REPORT_ID,                   // report ID 0 or above 255
    HID_ERR_UNNUMBERED,                  // input data outside numbered reports of a numbering device
    HID_ERR_REPORTS,                     // more than HID_MAX_REPORTS input reports
    HID_ERR_REPORT_SIZE,                 // an item or an input report over HID_MAX_REPORT_BITS
    HID_ERR_NO_CONTROLS,                 // neither a keyboard nor a pad with a usable control
};

struct hid_error {
    int status;                          // enum hid_status
    uint32_t offset;                     // descriptor byte where the offending item starts
    const char *message;                 // what is wrong, a short phrase (never NULL)
};

// Reads a report descriptor.  Pure: reads only desc[0..len), writes only *out
// and *err (err may be NULL), and needs under 1 KiB of stack.  *out
// describes the device only when the result is HID_OK.  Returns the status
// (also in err->status).
int hid_parse(const uint8_t *desc, uint32_t len, struct hid_info *out, struct hid_error *err);

// The pad buttons and console keys (HID_KEY_x) held according to a
// boot-protocol keyboard report (bytes
// past the eighth are ignored), or HID_KEEP for a report shorter than
// HID_BOOT_REPORT_LEN or one whose key slots hold an error code (roll-over:
// more keys held than the report can list, so the keys listed mean nothing).
uint32_t hid_boot_keyboard_buttons(const uint8_t *report, uint32_t len);

// The pad buttons held according to an input report of a device described by
// *m (report ID byte included when the device numbers its reports), or
// HID_KEEP for a report with another ID.  A control the report is too short
// to hold, or whose value is outside its logical range, is at rest.  The hat
// gives 8 directions; without one the stick gives a direction past a quarter
// of its range from either end.  A button is held past half its range.
uint32_t hid_pad_buttons(const struct hid_pad_map *m, const uint8_t *report, uint32_t len);

// Folds a decoded report (a result of the two functions above) into the
// buttons one device holds, *held; HID_KEEP leaves *held as it was.  Returns
// the buttons that went down on this device: each device's own presses are
// counted, and the pad shows the union of what every device holds, so two
// devices never undo each other's buttons.
uint32_t hid_track(uint32_t *held, uint32_t buttons);

#endif

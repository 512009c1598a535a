// The pad page that every task reads, and what feeds it: the PS/2
// keyboard's bytes (console/pad.c decodes them) and the USB keyboards' and
// pads' reports (dev/usb decodes them).  Each of them holds buttons of its
// own; the page shows the union and counts each one's presses.
#ifndef GENESIS_INPUT_H
#define GENESIS_INPUT_H

#include <stdint.h>

#include "console/pad.h"

extern struct pad_page *const pad;       // the pad page, a whole page of its own

// The pad page's physical address: tasks map it read-only at USER_PAD_PAGE.
uint32_t input_pad_page(void);

// Who must hear at once of a press of a key the console acts on (select,
// and the console keys of pad.h): the display, which acts at its next
// frame and may sleep until told.
void input_on_console_key(void (*hook)(void));

// Times console key `key` (KEY_RESTART, KEY_INSPECT) went down since
// power-on, on any keyboard (wraps).
uint32_t input_key_presses(int key);

// One byte from the PS/2 keyboard (vector 33).
void input_ps2_byte(uint8_t byte);

// USB device `device` (0 to USB_INPUT_DEVICES - 1) now holds buttons
// (HID_KEEP: as before); the xHCI driver's usb_input_fn.
void input_usb(uint32_t device, uint32_t buttons);

#endif

// The pad: eight buttons driven by keyboard keys, and the page through which
// tasks read it.  The decoding is a pure function of the bytes a PS/2
// keyboard sends, so host tests feed it byte sequences.
#ifndef GENESIS_PAD_H
#define GENESIS_PAD_H

#include <stdint.h>

// Buttons, as bit numbers of pad_page.buttons (and indexes of presses[]).
#define PAD_UP              0            // arrow up, or keypad 8
#define PAD_DOWN            1            // arrow down, or keypad 2
#define PAD_LEFT            2            // arrow left, or keypad 4
#define PAD_RIGHT           3            // arrow right, or keypad 6
#define PAD_A               4            // Z or the space bar
#define PAD_B               5            // X
#define PAD_START           6            // Enter (either one)
#define PAD_SELECT          7            // Tab: also makes the console swap cartridges
#define PAD_BUTTONS         8
// Keys the console itself acts on, numbered on from the buttons: decoded
// with them, but never on the pad page, so no task sees them.
#define KEY_RESTART         8            // F5: the inserted cartridge starts afresh
#define KEY_INSPECT         9            // F1: the inspector shows or hides
#define PAD_KEYS            10           // buttons and console keys
#define PAD_BUTTON_MASK     ((1u << PAD_BUTTONS) - 1)

// The read-only page every task sees at PAD_ADDR: the same layout as struct
// genesis_pad in cartridges/sdk/genesis.h.
struct pad_page {
    uint32_t buttons;                    // bit PAD_x set while button x is held
    uint32_t presses[PAD_BUTTONS];       // times each button went down since power-on (wraps)
    uint32_t frame;                      // frames the console has composed (wraps)
};

// Where a multi-byte scan code has got to.
struct pad_decoder {
    uint8_t extended;                    // the last byte was the 0xE0 prefix
    uint8_t skip;                        // bytes of a Pause sequence still to come
};

// Feeds one byte of PS/2 scan code set 1 (what the 8042 delivers with
// translation on).  Returns the button or console key a key went down
// (*down = 1) or up (*down = 0) for, or -1 when the byte completes no key
// of the pad or the console.
int pad_decode(struct pad_decoder *d, uint8_t byte, int *down);

// Source `source` (of `sources`, whose buttons held[] keeps) now holds
// buttons and console keys (HID_KEEP: as before).  The page shows the
// union of every source's buttons and counts each button that went down on
// this source, even one another source holds already; a button held again
// (a key's auto-repeat) is no new press.  Console keys stay off the page.
// Returns the buttons and console keys that went down.
uint32_t pad_set(struct pad_page *page, uint32_t *held, uint32_t sources, uint32_t source,
                 uint32_t buttons);

#endif

// Scan codes to pad buttons (see pad.h).  Set 1: a key's make code is below
// 0x80 and its break code is the same with bit 7 set; keys added after the
// original PC keyboard (the arrow block, the keypad's Enter) come after an
// 0xE0 prefix; Pause sends 0xE1 and five more bytes and has no break code.
#include <stdint.h>

#include "console/pad.h"
#include "dev/usb/hid.h"

#define SC_EXTENDED         0xE0         // the next byte is an extended key
#define SC_PAUSE            0xE1         // Pause: E1 1D 45 E1 9D C5, nothing else
#define SC_PAUSE_REST       5
#define SC_BREAK            0x80         // set on a key's release
#define SC_CODES            0x80

// Scan code -> button + 1 (0: not a pad key), without and with the 0xE0
// prefix.  The keypad's 8 4 6 2 send the same codes as the arrows, without
// the prefix, so either block steers.
static const uint8_t key_button[2][SC_CODES] = {
    {
        [0x48] = PAD_UP + 1,    [0x50] = PAD_DOWN + 1,
        [0x4B] = PAD_LEFT + 1,  [0x4D] = PAD_RIGHT + 1,
        [0x2C] = PAD_A + 1,     [0x39] = PAD_A + 1,     // Z, space
        [0x2D] = PAD_B + 1,                             // X
        [0x1C] = PAD_START + 1,                         // Enter
        [0x0F] = PAD_SELECT + 1,                        // Tab
        [0x3F] = KEY_RESTART + 1,                       // F5
        [0x3B] = KEY_INSPECT + 1,                       // F1
    },
    {
        [0x48] = PAD_UP + 1,    [0x50] = PAD_DOWN + 1,
        [0x4B] = PAD_LEFT + 1,  [0x4D] = PAD_RIGHT + 1,
        [0x1C] = PAD_START + 1,                         // keypad Enter
    },
};

int pad_decode(struct pad_decoder *d, uint8_t byte, int *down)
{
    if (d->skip) {
        d->skip--;
        return -1;
    }
    if (byte == SC_EXTENDED) {
        d->extended = 1;
        return -1;
    }
    if (byte == SC_PAUSE) {
        d->extended = 0;
        d->skip = SC_PAUSE_REST;
        return -1;
    }
    int button = key_button[d->extended][byte & ~SC_BREAK] - 1;
    d->extended = 0;
    *down = !(byte & SC_BREAK);
    return button;
}

uint32_t pad_set(struct pad_page *page, uint32_t *held, uint32_t sources, uint32_t source,
                 uint32_t buttons)
{
    uint32_t down = hid_track(&held[source], buttons), all = 0;

    for (uint32_t s = 0; s < sources; s++)
        all |= held[s];
    page->buttons = all & PAD_BUTTON_MASK;
    for (uint32_t b = 0; b < PAD_BUTTONS; b++)
        if (down >> b & 1)
            page->presses[b]++;
    return down;
}

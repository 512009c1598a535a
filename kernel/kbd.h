// The PS/2 keyboard: the 8042 controller's first port, on IRQ 1 (vector
// 33).  Its keys drive the pad (pad.h); tasks read the pad page.
#ifndef GENESIS_KBD_H
#define GENESIS_KBD_H

#include "pad.h"

extern struct pad_page *const pad;       // the pad page, a whole page of its own

// Sets the controller up to interrupt on each byte from the keyboard, in
// scan code set 1, and unmasks IRQ 1.  Without a controller (or when it does
// not answer) the pad stays at rest and the log says so.
void kbd_init(void);

// Vector 33: reads the byte, updates the pad, acknowledges the 8259.
void kbd_interrupt(void);

#endif

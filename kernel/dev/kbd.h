// The PS/2 keyboard: the 8042 controller's first port, on IRQ 1 (vector
// 33), in scan code set 1.
#ifndef GENESIS_KBD_H
#define GENESIS_KBD_H

// Sets the controller up to interrupt on each byte from the keyboard, in
// scan code set 1, and unmasks IRQ 1.  Without a controller (or when it does
// not answer) no byte ever comes, and the log says so.
void kbd_init(void);

// Vector 33: acknowledges the 8259 and returns the keyboard's byte, or -1
// when there is none (or it came from the mouse).
int kbd_interrupt(void);

#endif

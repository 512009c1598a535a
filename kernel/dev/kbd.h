// The PS/2 keyboard: the 8042 controller's first port, on IRQ 1 (vector
// 33), in scan code set 1.
#ifndef GENESIS_KBD_H
#define GENESIS_KBD_H

// Sets the controller up to interrupt on each byte from the keyboard, in
// scan code set 1, and unmasks IRQ 1.  Without a controller (the firmware
// says there is none, or it does not pass its self-test within a timeout)
// no byte ever comes, and the log says which.
void kbd_init(int firmware_says_absent);

// Vector 33: acknowledges the 8259 and returns the keyboard's byte, or -1
// when there is none (or it came from the mouse).
int kbd_interrupt(void);

#endif

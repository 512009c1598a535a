// COM1, the wire of the kernel's log (lib/log.h): 115200 baud, 8 data
// bits, no parity, 1 stop bit, lines ending in CR LF.
#ifndef GENESIS_SERIAL_H
#define GENESIS_SERIAL_H

// Sets the UART up; without one, the log's wire is silent.
void serial_init(void);

// Writes one byte, waiting for the transmitter: the log's wire while it
// writes through.
void serial_putc(char c);

// Fills the transmitter from the log's ring if it is empty; never waits.
// The log's kick, and the interrupt's work.
void serial_pump(void);

// The transmitter-empty interrupt on (IRQ 4, vector 36): from the next
// time interrupts are on, it keeps the wire fed.
void serial_start(void);

// Vector 36: acknowledges the UART and feeds it.
void serial_interrupt(void);

#endif

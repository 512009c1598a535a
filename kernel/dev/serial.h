// COM1, the kernel's log: 115200 baud, 8 data bits, no parity, 1 stop bit.
#ifndef GENESIS_SERIAL_H
#define GENESIS_SERIAL_H

void serial_init(void);
void serial_putc(char c);

#endif

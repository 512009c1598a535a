// The 16550 UART at COM1, polled: the log of the loader after
// ExitBootServices and of the kernel, including in a panic with interrupts
// off.  Shared by both, so the line settings are written once.
#ifndef GENESIS_UART_H
#define GENESIS_UART_H

#include <stdint.h>

#include "portio.h"

#define COM1                0x3F8
#define UART_DATA           0            // transmit holding register; divisor low with DLAB
#define UART_IER            1            // interrupt enable; divisor high with DLAB
#define UART_FCR            2            // FIFO control (write)
#define UART_IIR            2            // interrupt identification (read): reading it
                                         // acknowledges a transmitter-empty interrupt
#define UART_LCR            3            // line control
#define UART_MCR            4            // modem control
#define UART_LSR            5            // line status
#define UART_SCRATCH        7            // no function: tells whether a UART is there

#define LCR_DLAB            0x80         // data/IER ports address the divisor
#define LCR_8N1             0x03         // 8 data bits, no parity, 1 stop bit
#define FCR_ENABLE_CLEAR    0x07         // enable and clear both FIFOs
#define MCR_DTR_RTS         0x03         // data terminal ready, request to send
#define MCR_OUT2            0x08         // a PC wires the UART's interrupt through OUT2
#define IER_THR_EMPTY       0x02         // interrupt when the transmitter is empty
#define IIR_FIFOS           0xC0         // both bits read back: the FIFOs are on (a 16550A)
#define UART_FIFO_BYTES     16           // a 16550A's transmit FIFO
#define LSR_THR_EMPTY       0x20         // room for another byte (with FIFOs: for a FIFO's worth)
#define UART_DIVISOR        1            // 115200 baud from the 1.8432 MHz clock

// A port that never reports an empty transmitter (no UART there) must not
// hang: give up on a character after this many polls.
#define UART_POLLS          100000

// 115200 8N1, whatever the firmware left.  Returns 0 when no UART answers
// (a PC without COM1 reads back 0xFF from every port).
static inline int uart_init(void)
{
    outb(COM1 + UART_SCRATCH, 0x5A);
    if (inb(COM1 + UART_SCRATCH) != 0x5A)
        return 0;
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DATA, UART_DIVISOR & 0xFF);
    outb(COM1 + UART_IER, UART_DIVISOR >> 8);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
    outb(COM1 + UART_MCR, MCR_DTR_RTS);
    return 1;
}

static inline void uart_putc(char c)
{
    for (int i = 0; i < UART_POLLS && !(inb(COM1 + UART_LSR) & LSR_THR_EMPTY); i++)
        ;
    outb(COM1 + UART_DATA, c);
}

#endif

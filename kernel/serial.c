// The 16550 UART at COM1, polled: the log must work with interrupts off and
// in a panic.
#include <stdint.h>

#include "serial.h"
#include "x86.h"

#define COM1                0x3F8
#define UART_DATA           0            // transmit holding register; divisor low with DLAB
#define UART_IER            1            // interrupt enable; divisor high with DLAB
#define UART_FCR            2            // FIFO control
#define UART_LCR            3            // line control
#define UART_MCR            4            // modem control
#define UART_LSR            5            // line status
#define UART_SCRATCH        7

#define LCR_DLAB            0x80         // data/IER ports address the divisor
#define LCR_8N1             0x03
#define FCR_ENABLE_CLEAR    0x07         // enable and clear both FIFOs
#define MCR_DTR_RTS         0x03
#define LSR_THR_EMPTY       0x20
#define UART_DIVISOR        1            // 115200 baud from the 1.8432 MHz clock

// A port that never reports an empty transmitter (no UART there) must not
// hang the kernel: give up on a character after this many polls.
#define UART_POLLS          100000

static int present;

void serial_init(void)
{
    // A PC without COM1 reads back 0xFF from every port.
    outb(COM1 + UART_SCRATCH, 0x5A);
    if (inb(COM1 + UART_SCRATCH) != 0x5A)
        return;
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DATA, UART_DIVISOR & 0xFF);
    outb(COM1 + UART_IER, UART_DIVISOR >> 8);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR);
    outb(COM1 + UART_MCR, MCR_DTR_RTS);
    present = 1;
}

void serial_putc(char c)
{
    if (!present)
        return;
    for (int i = 0; i < UART_POLLS && !(inb(COM1 + UART_LSR) & LSR_THR_EMPTY); i++)
        ;
    outb(COM1 + UART_DATA, c);
}

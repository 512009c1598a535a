// COM1, the wire of the kernel's log (abi/uart.h has the UART itself).
// While the log writes through (boot, panic, the end of a run) each byte
// waits for the transmitter; in between, the log's ring feeds the UART's
// FIFO from its transmitter-empty interrupt, a FIFO's worth at a time, and
// nothing waits.
#include <stdint.h>

#include "abi/uart.h"
#include "arch/x86.h"
#include "dev/pic.h"
#include "dev/serial.h"
#include "lib/log.h"

static int present;
static int fifo;                         // bytes the transmitter takes while empty
static char held;                        // the LF of a CR LF the FIFO had no room for

void serial_init(void)
{
    present = uart_init();
    fifo = present && (inb(COM1 + UART_IIR) & IIR_FIFOS) == IIR_FIFOS ? UART_FIFO_BYTES : 1;
}

void serial_putc(char c)
{
    if (!present)
        return;
    if (held) {
        uart_putc(held);
        held = 0;
    }
    // Terminals on the serial line want CR LF.
    if (c == '\n')
        uart_putc('\r');
    uart_putc(c);
}

// The next byte for the wire, with each LF after a CR.
static int next_byte(char *c)
{
    if (held) {
        *c = held;
        held = 0;
        return 1;
    }
    if (!log_wire_take(c))
        return 0;
    if (*c == '\n') {
        held = '\n';
        *c = '\r';
    }
    return 1;
}

void serial_pump(void)
{
    char c;

    if (!present) {
        while (log_wire_take(&c))
            ;
        return;
    }
    if (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
        return;
    for (int room = fifo; room > 0 && next_byte(&c); room--)
        outb(COM1 + UART_DATA, c);
}

void serial_start(void)
{
    if (!present)
        return;
    outb(COM1 + UART_MCR, MCR_DTR_RTS | MCR_OUT2);
    outb(COM1 + UART_IER, IER_THR_EMPTY);
    pic_enable(IRQ_COM1);
}

void serial_interrupt(void)
{
    inb(COM1 + UART_IIR);
    serial_pump();
}

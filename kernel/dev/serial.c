// COM1, the kernel's log (abi/uart.h has the UART itself).
#include <stdint.h>

#include "dev/serial.h"
#include "arch/x86.h"
#include "abi/uart.h"

static int present;

void serial_init(void)
{
    present = uart_init();
}

void serial_putc(char c)
{
    if (!present)
        return;
    // Terminals on the serial line want CR LF.
    if (c == '\n')
        uart_putc('\r');
    uart_putc(c);
}

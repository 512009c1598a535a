// COM1, the kernel's log (kernel/uart.h has the UART itself).
#include <stdint.h>

#include "serial.h"
#include "x86.h"
#include "uart.h"

static int present;

void serial_init(void)
{
    present = uart_init();
}

void serial_putc(char c)
{
    if (present)
        uart_putc(c);
}

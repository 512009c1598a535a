// COM1, programmed directly.  Before ExitBootServices the loader writes
// through the firmware's console, which OVMF also copies to the serial port;
// after it, the firmware's drivers are gone and this is the only output.

#include "loader.h"
#include "uart.h"

// 115200 8N1, as the kernel and the test harness expect, whatever the
// firmware left behind (OVMF already uses these settings).
void serial_init(void)
{
    uart_init();
}

void serial_puts(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            uart_putc('\r');
        uart_putc(*s);
    }
}

// 0x and eight digits, or sixteen when the value needs them.
void serial_hex(uint64_t v)
{
    int digits = v >> 32 ? 16 : 8;

    serial_puts("0x");
    while (digits-- > 0)
        uart_putc("0123456789abcdef"[(v >> (digits * 4)) & 0xF]);
}

void serial_dec(uint64_t v)
{
    char buf[21];
    int i = sizeof(buf) - 1;

    buf[i] = '\0';
    do {
        buf[--i] = '0' + v % 10;
        v /= 10;
    } while (v > 0);
    serial_puts(buf + i);
}

// COM1, programmed directly.  Before ExitBootServices the loader writes
// through the firmware's console, which OVMF also copies to the serial port;
// after it, the firmware's drivers are gone and this is the only output.

#include "loader.h"

#define COM1            0x3F8
#define UART_DATA       0       // transmit holding register (DLAB=0)
#define UART_DIV_LO     0       // divisor latch, low byte (DLAB=1)
#define UART_IER        1       // interrupt enable (DLAB=0)
#define UART_DIV_HI     1       // divisor latch, high byte (DLAB=1)
#define UART_FCR        2       // FIFO control
#define UART_LCR        3       // line control
#define UART_MCR        4       // modem control
#define UART_LSR        5       // line status
#define LCR_8N1         0x03    // 8 data bits, no parity, 1 stop bit
#define LCR_DLAB        0x80    // divisor latch access
#define FCR_ENABLE      0xC7    // FIFOs on and cleared, 14-byte trigger
#define MCR_DTR_RTS     0x03    // data terminal ready, request to send
#define LSR_THR_EMPTY   0x20    // room for another byte
#define DIVISOR_115200  1       // 115200 = 1.8432 MHz / 16 / 1
#define TX_SPINS        100000  // give up on a missing or stuck UART

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

// 115200 8N1, as the kernel and the test harness expect, whatever the
// firmware left behind (OVMF already uses these settings).
void serial_init(void)
{
    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DIV_LO, DIVISOR_115200 & 0xFF);
    outb(COM1 + UART_DIV_HI, DIVISOR_115200 >> 8);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, FCR_ENABLE);
    outb(COM1 + UART_MCR, MCR_DTR_RTS);
}

static void serial_putc(char c)
{
    for (int i = 0; i < TX_SPINS && !(inb(COM1 + UART_LSR) & LSR_THR_EMPTY); i++)
        ;
    outb(COM1 + UART_DATA, c);
}

void serial_puts(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            serial_putc('\r');
        serial_putc(*s);
    }
}

// 0x and eight digits, or sixteen when the value needs them.
void serial_hex(uint64_t v)
{
    int digits = v >> 32 ? 16 : 8;

    serial_puts("0x");
    while (digits-- > 0)
        serial_putc("0123456789abcdef"[(v >> (digits * 4)) & 0xF]);
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

// Port I/O, the one privileged instruction pair that the 64-bit loader and
// the 32-bit kernel both use (for COM1, abi/uart.h): the same code assembles
// in either mode.
#ifndef GENESIS_PORTIO_H
#define GENESIS_PORTIO_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
    uint8_t value;
    __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

static inline void outb(uint16_t port, uint8_t value)
{
    __asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

#endif

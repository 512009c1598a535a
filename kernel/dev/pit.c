// PIT channel 0 as a rate generator (pit.h).
#include <stdint.h>

#include "arch/x86.h"
#include "dev/pit.h"

#define PIT_CH0             0x40         // channel 0 data port
#define PIT_CH0_RATE        0x34         // channel 0, low then high byte, mode 2, binary

void pit_start(uint32_t hz)
{
    uint32_t divisor = (PIT_INPUT_HZ + hz / 2) / hz;

    outb(PIT_CMD, PIT_CH0_RATE);
    outb(PIT_CH0, divisor & 0xFF);
    outb(PIT_CH0, divisor >> 8);
}

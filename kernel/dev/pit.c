// PIT channel 0 as a 100 Hz rate generator.  The tick itself is counted in
// clock.asm; this file starts the clock and ends the run at max_ticks.
#include <stdint.h>

#include "arch/x86.h"
#include "dev/pic.h"
#include "dev/pit.h"
#include "lib/kprintf.h"

#define PIT_CH0             0x40         // channel 0 data port
#define PIT_CMD             0x43         // mode/command port
#define PIT_CH0_RATE        0x34         // channel 0, low then high byte, mode 2, binary
#define PIT_INPUT_HZ        1193182      // the PIT's input clock

volatile uint32_t ticks;
// The clock stub compares ticks with this after each increment; 0 means
// max_ticks=0, so it only matches when the counter wraps, and is ignored.
uint32_t tick_limit;

void pit_init(uint32_t max_ticks)
{
    uint32_t divisor = (PIT_INPUT_HZ + PIT_HZ / 2) / PIT_HZ;

    tick_limit = max_ticks;
    outb(PIT_CMD, PIT_CH0_RATE);
    outb(PIT_CH0, divisor & 0xFF);
    outb(PIT_CH0, divisor >> 8);
    pic_enable(IRQ_PIT);
    kprintf("pit: %u Hz on vector %u\n", PIT_HZ, PIC1_VECTOR + IRQ_PIT);
}

void pit_limit_reached(void)
{
    if (tick_limit == 0)
        return;
    kprintf("genesis: max_ticks reached, ticks=%u\n", ticks);
    end_run(HALT_NORMAL);
}

int pit_tick_pending(void)
{
    return pic_pending(IRQ_PIT);
}

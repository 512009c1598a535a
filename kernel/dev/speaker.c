// The PC speaker on PIT channel 2 (speaker.h).
#include <stdint.h>

#include "arch/x86.h"
#include "dev/pit.h"
#include "dev/speaker.h"
#include "lib/kprintf.h"

// Channel 2 divides the PIT's clock by divisor, as a square wave.
static inline void counter_start(uint16_t divisor)
{
    outb(PIT_CMD, PIT_CH2_SQUARE);
    outb(PIT_CH2, divisor & 0xFF);
    outb(PIT_CH2, divisor >> 8);
}

// Channel 2's count now.
static inline uint16_t counter_read(void)
{
    outb(PIT_CMD, PIT_CH2_LATCH);
    uint16_t low = inb(PIT_CH2);
    return low | (uint16_t)inb(PIT_CH2) << 8;
}

// Sets the gate and data bits of port 0x61 (SPEAKER_GATE, SPEAKER_DATA).
static inline void gate_set(uint8_t bits)
{
    outb(SPEAKER_PORT, (inb(SPEAKER_PORT) & SPEAKER_KEEP) | bits);
}

// With the gate open and the speaker cut off, a live channel 2 moves its
// count between two reads (each takes microseconds; the PIT counts at
// 1.19 MHz).  A gated 8254 keeps one count; with no 8254 at all the ports
// read as all ones.
static int counter_moves(void)
{
    uint16_t first;
    int moved = 0;

    counter_start(0xFFFF);
    gate_set(SPEAKER_GATE);
    first = counter_read();
    for (int i = 0; i < SPEAKER_PROBE_READS && !moved; i++)
        moved = counter_read() != first;
    gate_set(0);
    return moved;
}

int speaker_init(void)
{
    if (!counter_moves()) {
        kprintf("sound: PIT channel 2 does not count: no PC speaker, the console is silent\n");
        return 0;
    }
    kprintf("sound: the PC speaker on PIT channel 2\n");
    return 1;
}

void speaker_tone(uint32_t hz)
{
    if (hz == 0) {
        gate_set(0);
        return;
    }
    counter_start((PIT_INPUT_HZ + hz / 2) / hz);
    gate_set(SPEAKER_GATE | SPEAKER_DATA);
}

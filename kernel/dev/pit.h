// The PIT, channel 0: the console's clock on vector 32.
#ifndef GENESIS_PIT_H
#define GENESIS_PIT_H

#include <stdint.h>

#define PIT_HZ              100          // clock interrupts per second

extern volatile uint32_t ticks;          // clock interrupts since pit_init

// Starts the clock; the run ends after max_ticks ticks (0: never).
void pit_init(uint32_t max_ticks);

// Called by the clock stub when ticks reaches the limit (or wraps to 0).
void pit_limit_reached(void);

// Whether the next tick has come and waits for the CPU: work that ran past
// a whole tick (the display's frame) gives the next one to the tasks.
int pit_tick_pending(void);

#endif

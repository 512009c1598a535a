// The 8254 PIT, channel 0, on IRQ 0: the PC's classic clock.  Many PCs
// since about 2015 gate it off to save power (dev/clock.c measures it).
#ifndef GENESIS_PIT_H
#define GENESIS_PIT_H

#include <stdint.h>

#define PIT_CMD             0x43         // mode/command port, of all three channels
#define PIT_INPUT_HZ        1193182      // the input clock each channel divides

// Channel 0 as a rate generator interrupting hz times a second.
void pit_start(uint32_t hz);

#endif

// The RTC's periodic interrupt (IRQ 8, vector 40), which paces the
// cartridge reader.
#ifndef GENESIS_RTC_H
#define GENESIS_RTC_H

#include <stdint.h>

extern volatile uint32_t rtc_ticks;      // periodic interrupts since rtc_init

// Starts the periodic interrupt at hz, a power of two from 2 to 1024.
void rtc_init(uint32_t hz);

// Changes the periodic rate to hz, a power of two from 2 to 1024.
void rtc_set_rate(uint32_t hz);

// Vector 40: acknowledges the RTC, so that it interrupts again, and counts.
// The caller sends the EOI to both 8259s once it has done its work.
void rtc_interrupt(void);

#endif

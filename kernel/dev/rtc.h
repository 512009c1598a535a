// The RTC's periodic interrupt (IRQ 8, vector 40), which paces the
// cartridge reader.
#ifndef GENESIS_RTC_H
#define GENESIS_RTC_H

#include <stdint.h>

// Starts the periodic interrupt at hz, a power of two from 2 to 1024.
void rtc_start(uint32_t hz);

// Stops it.
void rtc_stop(void);

// Changes the periodic rate to hz, a power of two from 2 to 1024.
void rtc_set_rate(uint32_t hz);

// Vector 40: acknowledges the RTC, so that it interrupts again.  The caller
// sends the EOI to both 8259s once it has done its work.
void rtc_interrupt(void);

#endif

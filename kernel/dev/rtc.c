// The MC146818 RTC's periodic interrupt.  It knows nothing of what it
// paces (dev/clock.c measures it and hands vector 40 on).  Its rate is
// 32768 >> (rate - 1) Hz for a rate code from 3 to 15, so only powers of two
// are possible.
#include <stdint.h>

#include "dev/rtc.h"
#include "arch/x86.h"

#define CMOS_INDEX          0x70         // register select (bit 7 masks NMI: kept 0)
#define CMOS_DATA           0x71
#define RTC_A               0x0A         // bits 0-3: periodic rate code
#define RTC_B               0x0B         // control
#define RTC_C               0x0C         // interrupt flags; reading it rearms IRQ 8
#define RTC_B_PIE           0x40         // periodic interrupt enable
#define RTC_RATE_MASK       0x0F

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static void cmos_write(uint8_t reg, uint8_t value)
{
    outb(CMOS_INDEX, reg);
    outb(CMOS_DATA, value);
}

void rtc_set_rate(uint32_t hz)
{
    // hz = 2^(16 - rate)
    uint8_t rate = 16;
    for (uint32_t f = hz; f > 1; f >>= 1)
        rate--;

    cmos_write(RTC_A, (cmos_read(RTC_A) & ~RTC_RATE_MASK) | rate);
}

void rtc_start(uint32_t hz)
{
    rtc_set_rate(hz);
    cmos_write(RTC_B, cmos_read(RTC_B) | RTC_B_PIE);
    cmos_read(RTC_C);
}

void rtc_stop(void)
{
    cmos_write(RTC_B, cmos_read(RTC_B) & ~RTC_B_PIE);
    cmos_read(RTC_C);
}

void rtc_interrupt(void)
{
    // Until register C is read, the RTC raises no further interrupt.
    cmos_read(RTC_C);
}

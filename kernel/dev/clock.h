// The console's clock: vector 32 at CLOCK_HZ, which switches tasks, and the
// pace of the cartridge reader's "buffer full" on vector 40.  Which timer
// drives each is chosen at boot by measuring, not by trusting: many PCs
// since about 2015 gate the 8254 PIT off, some have no HPET, and the RTC's
// periodic interrupt does not always arrive.
//
//   clock (vector 32)      PIT, else HPET timer 0 in legacy-replacement
//                          mode, else the local APIC timer
//   reader (vector 40)     HPET timer 1 when the HPET is the clock (legacy
//                          replacement takes IRQ 8 from the RTC), else the
//                          RTC, else a countdown in the clock tick
#ifndef GENESIS_CLOCK_H
#define GENESIS_CLOCK_H

#include <stdint.h>

#define CLOCK_HZ            100          // clock interrupts per second

// What ACPI says the PC has, to measure against and to fall back on.
struct clock_hardware {
    uint16_t pm_timer_port;              // ACPI PM timer (3.579545 MHz); 0: none
    uint8_t  pm_timer_bits;              // 24 or 32
    uint64_t hpet_addr;                  // the HPET's registers; 0: none
    int      rtc;                        // 0 (tests only): act as if the RTC never interrupts
};

extern volatile uint32_t ticks;          // clock interrupts since the clock started

// Measures the timers, starts the clock on vector 32 and the reader's pace
// on vector 40 at reader_hz, and logs which source drives each and at what
// measured rate.  The run ends after max_ticks ticks (0: never).  Panics
// when no timer interrupts at all.  Interrupts are enabled for the
// measurement and off again on return.
void clock_init(const struct clock_hardware *hw, uint32_t max_ticks, uint32_t reader_hz);

// Which timer drives each vector, and at what rate, for people (the inspector).
struct clock_view {
    const char *clock;                   // "the PIT", "HPET timer 0", "the LAPIC timer"
    uint32_t clock_hz;
    const char *reader;                  // "the RTC", "HPET timer 1", "the clock tick"
    uint32_t reader_hz;
};
void clock_describe(struct clock_view *out);

// The tick's works, each set or cleared on its own.
enum tick_work {
    TICK_USB,                            // the USB controllers' poll, while there are controllers
    TICK_SOUND,                          // the sound's notes, while some play
    TICK_WORKS,
};

// Work `which` for every clock tick, before the scheduler picks the next
// task, or none (0).  With no work at all the tick takes the stub that
// calls nothing, so a work costs the tick only while it is set.  Call after
// clock_init; from a tick's work too (it takes effect at the next tick).
void clock_set_tick_work(enum tick_work which, void (*work)(void));

// Milliseconds counted on the reference timer (the ACPI PM timer, else the
// HPET's counter), for waits while interrupts are off and no tick comes:
// only differences mean anything.  Call it at least every 4 s (a 24-bit PM
// timer wraps in 4.7 s).  Without a reference each call waits about a
// millisecond itself (1000 writes to port 0x80, each about 1 us on a PC's
// ISA bus, far less under QEMU) and counts it.  After clock_init.
uint32_t clock_ms(void);

// How fast the TSC counts: *tsc counts while the reference counted
// *ref_counts at *ref_hz, over about 10 ms; all 0 without a reference.
// With interrupts off, after clock_init.
void clock_tsc_rate(uint32_t *tsc, uint32_t *ref_counts, uint32_t *ref_hz);

// What the reader's pace calls each time a frame is due: the reader.
void clock_set_reader(void (*frame)(void));

// A new reader rate (a cartridge of its own rate was inserted): a power of
// two from 2 to 1024.
void clock_set_reader_rate(uint32_t hz);

// Vector 40: acknowledges whichever source paces the reader and, past the
// boot's measurement, calls the reader.  The caller sends the 8259 EOI.
void clock_reader_interrupt(void);

// Vector 32 during the boot's measurement (a stub of arch/clock.asm takes it
// afterwards).
void clock_probe_interrupt(void);

// The tick's work, which the clock stub calls every tick when there is any:
// clock_set_tick_work's, in the order of enum tick_work, then the reader's
// countdown when the clock paces it.
void clock_tick_work(void);

// Vector-40 interrupts (or clock countdowns) that brought the reader a frame.
uint32_t clock_reader_count(void);

// Whether the next tick has come and waits for the CPU: work that ran past
// a whole tick (the display's frame) gives the next one to the tasks.
int clock_tick_pending(void);

// Called by the clock stub when ticks reaches the limit (or wraps to 0).
void clock_limit_reached(void);

#endif

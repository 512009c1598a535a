// The HPET (IA-PC High Precision Event Timer): a free-running counter of at
// least 10 MHz and a few comparators.  In legacy-replacement mode its timer
// 0 takes the PIT's IRQ 0 and its timer 1 the RTC's IRQ 8, through the
// 8259s: the clock stays on vector 32 and the reader's "buffer full" on
// vector 40, as the course has them, on PCs whose 8254 is clock-gated.
#ifndef GENESIS_HPET_H
#define GENESIS_HPET_H

#include <stdint.h>

// Maps the register block at pa (from the ACPI HPET table) and starts its
// counter.  0, or -1 (logged) when there is nothing usable there: no
// mapping, a counter period outside the specification, no counter that
// moves.
int hpet_init(uint64_t pa);

// Counter ticks per second (valid after hpet_init succeeded).
uint32_t hpet_hz(void);

// The low 32 bits of the main counter.
uint32_t hpet_counter(void);

// Whether the block can route timers 0 and 1 to IRQ 0 and IRQ 8.
int hpet_has_legacy_route(void);

// Legacy-replacement mode: timer 0 interrupts clock_hz times a second on
// IRQ 0; timer 1, reader_hz times on IRQ 8 (both edge-triggered through the
// 8259s).  The PIT and the RTC no longer reach the CPU.
void hpet_start_legacy(uint32_t clock_hz, uint32_t reader_hz);

// Timer 1 at a new rate.
void hpet_set_timer1_rate(uint32_t rate);

// Timer 1's interrupt came (vector 40): a timer that cannot repeat by itself
// is set for the next one.
void hpet_timer1_interrupt(void);

// Back to the PIT and the RTC: legacy routing off, both timers off.
void hpet_stop_legacy(void);

#endif

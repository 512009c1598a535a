// The local APIC: kept in virtual-wire mode so the 8259s reach the CPU, and
// its timer, the clock of last resort on PCs without a working PIT or HPET.
#ifndef GENESIS_LAPIC_H
#define GENESIS_LAPIC_H

#include <stdint.h>

// LINT0 ExtINT (the 8259s), LINT1 NMI, timer and error interrupts masked,
// spurious interrupts on T_LAPIC_SPURIOUS.  Through its registers' page (a
// kernel window: call after mmu_init), or through MSRs when the firmware
// handed it over in x2APIC mode.
void lapic_init(void);

// Whether the timer can be used: the LAPIC is there and enabled.
int lapic_usable(void);

// Starts the timer counting down once from its maximum, masked, so that
// lapic_timer_elapsed can measure its rate against a reference.
void lapic_timer_measure(void);

// Timer counts since lapic_timer_measure.
uint32_t lapic_timer_elapsed(void);

// Periodic timer interrupts on vector T_CLOCK every `count` timer counts
// (at the rate lapic_timer_measure ran).
void lapic_timer_start(uint32_t count);

// The timer masked and stopped.
void lapic_timer_stop(void);

// Whether an interrupt on vector waits in the LAPIC (its request register).
int lapic_pending(int vector);

// End of interrupt, for the LAPIC's own timer (the 8259s' interrupts, in
// virtual-wire mode, need none here).
void lapic_eoi(void);

#endif

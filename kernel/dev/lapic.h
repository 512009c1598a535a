// The local APIC: kept in virtual-wire mode so the 8259s reach the CPU, and
// its timer, the clock of last resort on PCs without a working PIT or HPET.
#ifndef GENESIS_LAPIC_H
#define GENESIS_LAPIC_H

#include <stdint.h>

#define LAPIC_MSI_ADDRESS   0xFEE00000   // an MSI written here reaches a LAPIC, not memory
#define LAPIC_MSI_DEST_SHIFT 12          // ... the one whose ID is in bits 12-19

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

// End of interrupt, for what the LAPIC delivered itself: its timer, MSIs
// (the 8259s' interrupts, in virtual-wire mode, need none here).
void lapic_eoi(void);

// The MSI address that interrupts this CPU (its LAPIC ID read from the
// LAPIC), or 0 when the LAPIC is not usable or its ID does not fit.  The
// data is the vector: fixed delivery, edge-triggered.
uint32_t lapic_msi_address(void);

// Raises vector on this CPU through the LAPIC, as an MSI would (a test's
// hostile interrupt).
void lapic_self_interrupt(int vector);

#endif

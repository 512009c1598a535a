// The local APIC, kept in virtual-wire mode so the 8259s reach the CPU.
#ifndef GENESIS_LAPIC_H
#define GENESIS_LAPIC_H

// LINT0 ExtINT (the 8259s), LINT1 NMI, timer and error interrupts masked,
// spurious interrupts on T_LAPIC_SPURIOUS.  Maps the registers into a kernel
// window: call after mmu_init.
void lapic_init(void);

#endif

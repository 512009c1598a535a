// The I/O APIC: unused (the 8259s deliver the console's IRQs), so masked.
#ifndef GENESIS_IOAPIC_H
#define GENESIS_IOAPIC_H

// Masks every redirection entry.  Call after mmu_init.
void ioapic_init(void);

#endif

// The I/O APICs: unused (the 8259s deliver the console's IRQs), so masked.
#ifndef GENESIS_IOAPIC_H
#define GENESIS_IOAPIC_H

#include <stdint.h>

#include "dev/acpi.h"

// Masks every redirection entry of the count I/O APICs the MADT lists (none
// listed: the one at the standard address).  Call after mmu_init.
void ioapic_init(const struct acpi_ioapic *listed, uint32_t count);

#endif

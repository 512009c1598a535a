// The I/O APICs the MADT lists (else the one at the standard address).
// Every redirection entry is masked so that no device interrupt arrives
// twice, once through it and once through the 8259s.
#include <stdint.h>

#include "dev/ioapic.h"
#include "lib/kprintf.h"
#include "mm/mmu.h"

#define IOAPIC_BASE         0xFEC00000   // where PC chipsets put the first I/O APIC
#define IOREGSEL            0            // register select (index of the 32-bit words)
#define IOWIN               4            // register data
#define IOAPIC_VER          0x01         // bits 16-23: last redirection entry
#define IOAPIC_REDTBL       0x10         // entry n: registers 0x10 + 2n (low), + 1 (high)
#define REDIR_MASKED        0x10000

static volatile uint32_t *ioapic;

static uint32_t ioapic_read(uint32_t reg)
{
    ioapic[IOREGSEL] = reg;
    return ioapic[IOWIN];
}

static void ioapic_write(uint32_t reg, uint32_t value)
{
    ioapic[IOREGSEL] = reg;
    ioapic[IOWIN] = value;
}

static void mask_all(uint64_t base)
{
    uint32_t version, entries;

    ioapic = mmu_map_window(base, PGSIZE, PTE_W | PTE_PCD | PTE_PWT);
    if (!ioapic) {
        kprintf("ioapic: cannot map 0x%llx\n", base);
        return;
    }
    version = ioapic_read(IOAPIC_VER);
    // Nothing answers there: all ones.
    if (version == 0xFFFFFFFF) {
        kprintf("ioapic: none at 0x%08llx\n", base);
        return;
    }
    entries = (version >> 16 & 0xFF) + 1;
    for (uint32_t i = 0; i < entries; i++) {
        ioapic_write(IOAPIC_REDTBL + 2 * i, REDIR_MASKED);
        ioapic_write(IOAPIC_REDTBL + 2 * i + 1, 0);
    }
    kprintf("ioapic: 0x%08llx, %u redirection entries masked\n", base, entries);
}

void ioapic_init(const struct acpi_ioapic *listed, uint32_t count)
{
    if (count == 0)
        mask_all(IOAPIC_BASE);
    for (uint32_t i = 0; i < count; i++)
        mask_all(listed[i].addr);
}

// The local APIC.  The console's interrupts come from the 8259s, which reach
// the CPU through LINT0 in ExtINT mode ("virtual wire"), so the LAPIC needs no
// EOI; its own timer stays masked.
#include <stdint.h>

#include "arch/idt.h"
#include "lib/kprintf.h"
#include "dev/lapic.h"
#include "mm/mmu.h"
#include "arch/x86.h"

#define MSR_APIC_BASE       0x1B
#define APIC_BASE_ENABLE    (1u << 11)   // globally enabled
#define APIC_BASE_MASK      0xFFFFF000u  // register page (bits above 31 must be 0 here)

// Register offsets.
#define LAPIC_SVR           0x0F0        // spurious vector
#define LAPIC_LVT_TIMER     0x320
#define LAPIC_LVT_LINT0     0x350
#define LAPIC_LVT_LINT1     0x360
#define LAPIC_LVT_ERROR     0x370

#define SVR_ENABLE          0x100        // software enable
#define LVT_MASKED          0x10000
#define LVT_NMI             0x400        // delivery mode NMI
#define LVT_EXTINT          0x700        // delivery mode ExtINT: the 8259 supplies the vector

static volatile uint32_t *lapic;

static void lapic_write(uint32_t reg, uint32_t value)
{
    lapic[reg / 4] = value;
}

void lapic_init(void)
{
    uint32_t eax, ebx, ecx, edx;
    uint64_t base;

    cpuid(1, &eax, &ebx, &ecx, &edx);
    if (!(edx & CPUID_EDX_APIC)) {
        kprintf("lapic: none, the 8259s reach the CPU directly\n");
        return;
    }
    base = rdmsr(MSR_APIC_BASE);
    // Globally disabled, the LAPIC passes the 8259's INTR pin straight through.
    if (!(base & APIC_BASE_ENABLE)) {
        kprintf("lapic: disabled, the 8259s reach the CPU directly\n");
        return;
    }
    if (base >> 32) {
        kprintf("lapic: registers above 4 GiB (0x%x%08x), left as the firmware set them\n",
                (uint32_t)(base >> 32), (uint32_t)base);
        return;
    }
    lapic = mmu_map_window((uint32_t)base & APIC_BASE_MASK, PGSIZE, PTE_W | PTE_PCD | PTE_PWT);
    if (!lapic)
        panic("lapic: no room to map its registers");
    lapic_write(LAPIC_SVR, SVR_ENABLE | T_LAPIC_SPURIOUS);
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
    lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
    lapic_write(LAPIC_LVT_LINT0, LVT_EXTINT);
    lapic_write(LAPIC_LVT_LINT1, LVT_NMI);
    kprintf("lapic: 0x%08x virtual wire (LINT0 ExtINT, LINT1 NMI), timer masked\n",
            (uint32_t)base & APIC_BASE_MASK);
}

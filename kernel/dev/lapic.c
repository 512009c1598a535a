// The local APIC.  The console's device interrupts come from the 8259s,
// which reach the CPU through LINT0 in ExtINT mode ("virtual wire"), so they
// need no EOI here; an xHCI's MSI is written to the LAPIC itself, which
// holds it in service until an EOI here.  Firmware may hand the LAPIC over
// in x2APIC mode (IA32_APIC_BASE.EXTD), where its register page no longer
// answers: every register is then an MSR, 0x800 + offset / 16, and writing
// the page would be lost or fault.
#include <stdint.h>

#include "arch/idt.h"
#include "arch/x86.h"
#include "dev/lapic.h"
#include "lib/kprintf.h"
#include "mm/mmu.h"

#define MSR_APIC_BASE       0x1B
#define APIC_BASE_X2APIC    (1u << 10)   // EXTD: registers are MSRs
#define APIC_BASE_ENABLE    (1u << 11)   // globally enabled
#define APIC_BASE_MASK      0xFFFFFFFFFF000ull // register page
#define X2APIC_MSR_BASE     0x800        // x2APIC: register at offset r is MSR 0x800 + r / 16

// Register offsets.
#define LAPIC_ID            0x020        // xAPIC: bits 24-31; x2APIC: all 32 bits
#define LAPIC_EOI           0x0B0
#define LAPIC_IRR           0x200        // request register: 8 of 32 bits, 16 bytes apart
#define LAPIC_SVR           0x0F0        // spurious vector
#define LAPIC_ICR           0x300        // interrupt command (low dword; x2APIC: one 64-bit MSR)
#define LAPIC_LVT_TIMER     0x320
#define LAPIC_LVT_LINT0     0x350
#define LAPIC_LVT_LINT1     0x360
#define LAPIC_LVT_ERROR     0x370
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE  0x3E0

#define SVR_ENABLE          0x100        // software enable
#define LVT_MASKED          0x10000
#define LVT_PERIODIC        0x20000      // timer: reload the initial count at zero
#define LVT_NMI             0x400        // delivery mode NMI
#define LVT_EXTINT          0x700        // delivery mode ExtINT: the 8259 supplies the vector
#define DIVIDE_BY_16        0x3          // the timer counts the bus clock / 16
#define XAPIC_ID_SHIFT      24
#define ICR_SELF            0x40000      // destination shorthand: this CPU; fixed delivery, edge
#define MSI_MAX_ID          0xFF         // the message address holds 8 bits of destination

static volatile uint32_t *lapic;         // the register page, in xAPIC mode
static int x2apic;
static int usable;

static void lapic_write(uint32_t reg, uint32_t value)
{
    if (x2apic)
        wrmsr(X2APIC_MSR_BASE + reg / 16, value);
    else
        lapic[reg / 4] = value;
}

static uint32_t lapic_read(uint32_t reg)
{
    return x2apic ? (uint32_t)rdmsr(X2APIC_MSR_BASE + reg / 16) : lapic[reg / 4];
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
    x2apic = !!(base & APIC_BASE_X2APIC);
    if (!x2apic) {
        lapic = mmu_map_window(base & APIC_BASE_MASK, PGSIZE, PTE_W | PTE_PCD | PTE_PWT);
        if (!lapic) {
            kprintf("lapic: registers at 0x%llx out of reach, left as the firmware set them\n",
                    base & APIC_BASE_MASK);
            return;
        }
    }
    lapic_write(LAPIC_SVR, SVR_ENABLE | T_LAPIC_SPURIOUS);
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
    lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
    lapic_write(LAPIC_LVT_LINT0, LVT_EXTINT);
    lapic_write(LAPIC_LVT_LINT1, LVT_NMI);
    usable = 1;
    if (x2apic)
        kprintf("lapic: x2APIC mode, programmed through MSRs: virtual wire (LINT0 ExtINT, "
                "LINT1 NMI), timer masked\n");
    else
        kprintf("lapic: 0x%08llx virtual wire (LINT0 ExtINT, LINT1 NMI), timer masked\n",
                base & APIC_BASE_MASK);
}

int lapic_usable(void)
{
    return usable;
}

void lapic_timer_measure(void)
{
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
    lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
    lapic_write(LAPIC_TIMER_INITIAL, 0xFFFFFFFF);
}

uint32_t lapic_timer_elapsed(void)
{
    return 0xFFFFFFFF - lapic_read(LAPIC_TIMER_CURRENT);
}

void lapic_timer_start(uint32_t count)
{
    lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
    lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | T_CLOCK);
    lapic_write(LAPIC_TIMER_INITIAL, count);
}

void lapic_timer_stop(void)
{
    lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
    lapic_write(LAPIC_TIMER_INITIAL, 0);
}

void lapic_eoi(void)
{
    lapic_write(LAPIC_EOI, 0);
}

int lapic_pending(int vector)
{
    return lapic_read(LAPIC_IRR + vector / 32 * 0x10) >> (vector % 32) & 1;
}

uint32_t lapic_msi_address(void)
{
    uint32_t id;

    if (!usable)
        return 0;
    id = x2apic ? lapic_read(LAPIC_ID) : lapic_read(LAPIC_ID) >> XAPIC_ID_SHIFT;
    // Physical destination mode, no redirection hint: this CPU only.
    return id > MSI_MAX_ID ? 0 : LAPIC_MSI_ADDRESS | id << LAPIC_MSI_DEST_SHIFT;
}

void lapic_self_interrupt(int vector)
{
    lapic_write(LAPIC_ICR, ICR_SELF | (uint32_t)vector);
}

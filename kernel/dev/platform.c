// The ACPI tables mapped and parsed (platform.h), and the CPU described and
// told to keep its descriptor tables' addresses from ring 3 (UMIP).
// The parser asks for one range at a time, so one reserved window, pointed
// anew at each request, serves every table.
#include <stdint.h>

#include "arch/x86.h"
#include "dev/platform.h"
#include "lib/config.h"
#include "lib/kprintf.h"
#include "lib/kstring.h"
#include "mm/mmu.h"

#define WINDOW_SIZE         (ACPI_MAX_TABLE_LEN + PGSIZE) // a table at any page offset
#define DAMAGE_MAX          16384        // a damaged copy: more than the tables tests damage
#define RSDP_SIGNATURE      "RSD PTR "
#define RSDP_OEM_ID         9            // a byte the checksums cover and no check reads alone
#define RSDP_LENGTH         20
#define TABLE_LENGTH        4
#define TABLE_OEM_ID        10
#define HUGE_LENGTH         0xFFFFFFF0u

struct acpi_info acpi;

static void *window;
static const char *damage_sig;
static int damage_kind;
static uint8_t damaged[DAMAGE_MAX];

static const char *const status_names[] = {
    [ACPI_TABLE_OK] = "ok", [ACPI_TABLE_UNMAPPABLE] = "unmappable",
    [ACPI_TABLE_TRUNCATED] = "bad length", [ACPI_TABLE_BAD_CHECKSUM] = "bad checksum",
    [ACPI_TABLE_REJECTED] = "rejected", [ACPI_TABLE_DUPLICATE] = "duplicate",
};

// The test-only damage: a copy of the table that BOOT.CFG's acpi_damage
// names, with a byte of its OEM ID changed (so its checksum fails) or its
// length made absurd.
static const void *damage(const uint8_t *p, uint32_t len)
{
    int rsdp = memcmp(damage_sig, "RSDP", 4) == 0;

    if (len < 8 || (rsdp ? memcmp(p, RSDP_SIGNATURE, 8) : memcmp(p, damage_sig, 4)) != 0)
        return p;
    if (len > sizeof(damaged))
        return 0;
    memcpy(damaged, p, len);
    if (damage_kind == ACPI_DAMAGE_CHECKSUM) {
        damaged[rsdp ? RSDP_OEM_ID : TABLE_OEM_ID] ^= 0x55;
    } else {
        uint32_t at = rsdp ? RSDP_LENGTH : TABLE_LENGTH;
        if (at + 4 <= len)
            memcpy(damaged + at, &(uint32_t){ HUGE_LENGTH }, 4);
    }
    return damaged;
}

static const void *map(void *ctx, uint64_t pa, uint32_t len)
{
    const uint8_t *p = mmu_window_point(window, WINDOW_SIZE, pa, len, 0);

    (void)ctx;
    return p && damage_sig[0] ? damage(p, len) : p;
}

static void log_cpu(void)
{
    uint32_t max, regs[12], eax, ebx, ecx, edx;
    char vendor[13], brand[49];

    cpuid(0, &max, &ebx, &ecx, &edx);
    memcpy(vendor, &ebx, 4);
    memcpy(vendor + 4, &edx, 4);
    memcpy(vendor + 8, &ecx, 4);
    vendor[12] = '\0';
    cpuid(1, &eax, &ebx, &ecx, &edx);
    brand[0] = '\0';
    cpuid(0x80000000, &max, &ebx, &ecx, &edx);
    if (max >= 0x80000004) {
        for (uint32_t i = 0; i < 3; i++)
            cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2],
                  &regs[4 * i + 3]);
        memcpy(brand, regs, 48);
        brand[48] = '\0';
    }
    kprintf("cpu: %s family %u model %u stepping %u, %s\n", vendor,
            (eax >> 8 & 0xF) + (eax >> 20 & 0xFF), (eax >> 4 & 0xF) | (eax >> 12 & 0xF0),
            eax & 0xF, brand[0] ? brand : "no brand string");
}

// sgdt, sidt and str in ring 3 would show a task the kernel's addresses of
// the GDT, the IDT and its TSS; with UMIP they fault (#GP) and kill it.
static void set_umip(void)
{
    uint32_t max, eax, ebx, ecx, edx;

    cpuid(0, &max, &ebx, &ecx, &edx);
    ecx = 0;
    if (max >= CPUID_FEATURES7)
        cpuid(CPUID_FEATURES7, &eax, &ebx, &ecx, &edx);
    if (!(ecx & CPUID_7_ECX_UMIP)) {
        kprintf("cpu: UMIP not available, ring 3 may read the GDT, IDT and TSS addresses "
                "(sgdt, sidt, str)\n");
        return;
    }
    lcr4(rcr4() | CR4_UMIP);
    kprintf("cpu: UMIP on, sgdt, sidt, sldt, smsw and str fault in ring 3\n");
}

static void log_tables(void)
{
    static const char *const eight042[] = {
        [ACPI_8042_UNKNOWN] = "not said", [ACPI_8042_ABSENT] = "absent",
        [ACPI_8042_PRESENT] = "present",
    };

    kprintf("acpi: RSDP revision %u, OEM %s, %s at 0x%llx\n", acpi.revision, acpi.oem_id,
            acpi.root == ACPI_ROOT_XSDT ? "XSDT" : "RSDT", acpi.root_pa);
    for (uint32_t i = 0; i < acpi.table_count; i++)
        kprintf("acpi: table %s at 0x%llx, %u bytes, %s\n", acpi.table[i].sig, acpi.table[i].pa,
                acpi.table[i].length, status_names[acpi.table[i].status]);
    if (acpi.has_fadt)
        kprintf("acpi: FADT: PM timer at port 0x%x (%u bits), 8042 %s\n", acpi.pm_timer_port,
                acpi.pm_timer_bits, eight042[acpi.i8042]);
    if (acpi.has_madt)
        kprintf("acpi: MADT: LAPIC at 0x%llx, %u processors enabled (%u x2APIC entries), "
                "%u I/O APICs, %u interrupt overrides%s\n", acpi.lapic_addr, acpi.cpus_enabled,
                acpi.x2apic_entries, acpi.ioapic_count, acpi.override_count,
                acpi.pcat_compat ? ", 8259s present" : "");
    if (acpi.has_hpet)
        kprintf("acpi: HPET: registers at 0x%llx, %u comparators\n", acpi.hpet_addr,
                acpi.hpet_comparators);
    for (uint32_t i = 0; i < acpi.ecam_count; i++)
        kprintf("acpi: MCFG: ECAM at 0x%llx, segment %u, buses %u-%u\n", acpi.ecam[i].base,
                acpi.ecam[i].segment, acpi.ecam[i].bus_start, acpi.ecam[i].bus_end);
}

void platform_init(uint64_t rsdp, const char *damage_signature, int kind)
{
    damage_sig = damage_signature;
    damage_kind = kind;
    log_cpu();
    set_umip();
    if (damage_sig[0])
        kprintf("acpi: reading %s damaged in its %s (acpi_damage, for tests)\n", damage_sig,
                kind == ACPI_DAMAGE_CHECKSUM ? "checksum" : "length");
    if (!rsdp) {
        kprintf("acpi: the firmware gave no RSDP, the kernel assumes a plain PC\n");
        return;
    }
    window = mmu_window_reserve(WINDOW_SIZE);
    if (!window || acpi_parse(rsdp, map, 0, kprintf, &acpi) < 0) {
        kprintf("acpi: no usable tables, the kernel assumes a plain PC\n");
        memset(&acpi, 0, sizeof(acpi));
        return;
    }
    log_tables();
}

// The ACPI tables, read as hostile input.  acpi_parse walks RSDP -> XSDT or
// RSDT -> FACP, APIC (MADT), HPET and MCFG and fills struct acpi_info; it
// reaches firmware memory only through a map callback, checks every length
// and checksum before it reads a field, and logs one line for each thing it
// refuses.  It is pure (no kernel state, no hardware, no libc) so that the
// host unit tests and a fuzzer run the very code the kernel runs.
// docs/hardware.md tells what is read from which table and what is checked.
#ifndef GENESIS_ACPI_H
#define GENESIS_ACPI_H

#include <stdint.h>

#define ACPI_MAX_TABLE_LEN  0x00100000u  // 1 MiB: no table the parser checks is near it; longer is corrupt
#define ACPI_MAX_TABLES     64           // listed tables, root tables included; PCs list 10 to 50
#define ACPI_MAX_IOAPICS    8            // PCs have one; large servers a few
#define ACPI_MAX_OVERRIDES  16           // at most one per ISA IRQ
#define ACPI_MAX_ECAM       8            // PCs have one PCI segment

// Where the parser reads, in bytes from the start of each structure (ACPI
// 6.5; every field little-endian and possibly unaligned).
#define ACPI_RSDP_SIGNATURE     "RSD PTR "
#define ACPI_RSDP_CHECKSUM      8            // the first ACPI_RSDP_V1_LEN bytes sum to 0
#define ACPI_RSDP_OEM_ID        9            // 6 characters
#define ACPI_RSDP_REVISION      15
#define ACPI_RSDP_RSDT          16           // 32-bit address of the RSDT
#define ACPI_RSDP_LENGTH        20           // revision >= 2: bytes the extended checksum covers
#define ACPI_RSDP_XSDT          24           // revision >= 2: 64-bit address of the XSDT
#define ACPI_RSDP_XCHECKSUM     32           // all ACPI_RSDP_LENGTH bytes sum to 0
#define ACPI_RSDP_V1_LEN        20
#define ACPI_RSDP_V2_LEN        36

#define ACPI_HDR_LENGTH         4            // of the whole table, header included
#define ACPI_HDR_REVISION       8
#define ACPI_HDR_CHECKSUM       9            // all length bytes sum to 0
#define ACPI_HDR_LEN            36           // then the root tables' addresses begin

// Generic Address Structure: 12 bytes.
#define ACPI_GAS_SPACE          0            // address space of the register
#define ACPI_GAS_ADDR           4            // 64-bit
#define ACPI_GAS_LEN            12
#define ACPI_GAS_MEMORY         0
#define ACPI_GAS_IO             1

#define ACPI_FADT_PM_TMR_BLK    76           // 32-bit I/O port of the PM timer
#define ACPI_FADT_CENTURY       108          // CMOS RTC index of the century, 0: none
#define ACPI_FADT_BOOT_ARCH     109          // 16-bit IAPC_BOOT_ARCH, defined from FADT revision 2
#define ACPI_FADT_FLAGS         112          // 32-bit
#define ACPI_FADT_V1_LEN        116          // the ACPI 1.0 FADT ends after the flags
#define ACPI_FADT_X_PM_TMR_BLK  208          // GAS, overrides ACPI_FADT_PM_TMR_BLK when usable
#define ACPI_BOOT_ARCH_8042     0x0002       // a PS/2 controller at ports 0x60/0x64
#define ACPI_FADT_TMR_VAL_EXT   0x00000100   // PM timer counts 32 bits, not 24

#define ACPI_MADT_LAPIC_ADDR    36           // 32-bit local APIC address
#define ACPI_MADT_FLAGS         40
#define ACPI_MADT_ENTRIES       44           // entries: type byte, length byte, fields
#define ACPI_MADT_PCAT_COMPAT   0x00000001   // dual 8259 PICs to mask or route
#define ACPI_MADT_LAPIC         0            // 8 bytes: uid 2, APIC ID 3, flags 4
#define ACPI_MADT_IOAPIC        1            // 12 bytes: ID 2, address 4, GSI base 8
#define ACPI_MADT_OVERRIDE      2            // 10 bytes: bus 2, IRQ 3, GSI 4, flags 8 (16-bit)
#define ACPI_MADT_LAPIC_ADDR64  5            // 12 bytes: 64-bit local APIC address at 4
#define ACPI_MADT_X2APIC        9            // 16 bytes: x2APIC ID 4, flags 8, uid 12
#define ACPI_MADT_ENABLED       0x00000001   // processor entry flag: usable now

#define ACPI_HPET_BLOCK_ID      36           // 32-bit: comparators - 1 in bits 8-12
#define ACPI_HPET_BASE          40           // GAS of the register block
#define ACPI_HPET_MIN_TICK      53           // 16-bit
#define ACPI_HPET_LEN           56

#define ACPI_MCFG_ENTRIES       44           // 16-byte entries follow
#define ACPI_MCFG_ENTRY_LEN     16           // base 0 (64-bit), segment 8 (16-bit), bus start 10, bus end 11

// Returns a pointer to `len` readable bytes of physical memory at `pa`, or 0
// when it cannot (too long, outside what can be mapped).  The pointer needs
// to stay valid only until the next call: the parser holds one mapping at a
// time, so the kernel may map every request into the same window.
typedef const void *acpi_map_fn(void *ctx, uint64_t pa, uint32_t len);

// Takes one log line.  The formats are the kernel's kprintf ones only (%s %c
// %d %u %x %%, 0 flag, width): a 64-bit address is printed as two %08x halves.
typedef void acpi_log_fn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

enum acpi_root {
    ACPI_ROOT_NONE,                      // no usable root table: acpi_parse failed
    ACPI_ROOT_RSDT,                      // 32-bit table addresses
    ACPI_ROOT_XSDT,                      // 64-bit table addresses (RSDP revision >= 2)
};

enum acpi_status {
    ACPI_TABLE_OK,
    ACPI_TABLE_UNMAPPABLE,               // map() refused its header
    ACPI_TABLE_TRUNCATED,                // length below the header, above ACPI_MAX_TABLE_LEN, or beyond what map() reaches
    ACPI_TABLE_BAD_CHECKSUM,
    ACPI_TABLE_REJECTED,                 // checksum right, contents unusable (logged why)
    ACPI_TABLE_DUPLICATE,                // a second valid copy of a table already in use
};

enum acpi_i8042 {
    ACPI_8042_UNKNOWN,                   // no FADT, FADT revision < 2, or too short for IAPC_BOOT_ARCH
    ACPI_8042_ABSENT,
    ACPI_8042_PRESENT,
};

struct acpi_table {
    char     sig[5];                     // NUL-terminated, non-printable bytes as '?'; "????" if unread
    uint8_t  status;                     // enum acpi_status
    uint32_t length;                     // from the header; 0 if the header was not read
    uint64_t pa;
};

struct acpi_ioapic {
    uint8_t  id;
    uint32_t addr;
    uint32_t gsi_base;                   // first global system interrupt of its inputs
};

// An ISA IRQ wired to another GSI or with other polarity/trigger.
struct acpi_override {
    uint8_t  bus;                        // 0 = ISA
    uint8_t  irq;
    uint16_t flags;                      // MPS INTI flags: polarity bits 0-1, trigger mode bits 2-3
    uint32_t gsi;
};

// One PCI Express configuration space (ECAM) window.
struct acpi_ecam {
    uint64_t base;
    uint16_t segment;
    uint8_t  bus_start, bus_end;
};

struct acpi_info {
    // RSDP
    uint8_t  revision;                   // 0: ACPI 1.0, RSDT only; >= 2: the XSDT may exist
    char     oem_id[7];                  // NUL-terminated, non-printable bytes as '?'
    uint8_t  root;                       // enum acpi_root
    uint64_t root_pa;

    // FADT (signature FACP)
    uint8_t  has_fadt;
    uint16_t pm_timer_port;              // ACPI PM timer, 3.579545 MHz; 0: none
    uint8_t  pm_timer_bits;              // 24 or 32 (TMR_VAL_EXT); 24 when the flags are missing
    uint8_t  i8042;                      // enum acpi_i8042
    uint8_t  rtc_century;                // CMOS index of the century register; 0: none

    // MADT (signature APIC)
    uint8_t  has_madt;
    uint8_t  pcat_compat;                // dual 8259 PICs present
    uint64_t lapic_addr;                 // 32-bit field, or the type 5 override
    uint32_t lapic_entries;              // type 0 entries (8-bit APIC IDs)
    uint32_t x2apic_entries;             // type 9 entries (32-bit APIC IDs)
    uint32_t cpus_enabled;               // entries of both types with the enabled flag
    uint32_t ioapic_count;
    struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
    uint32_t override_count;
    struct acpi_override override[ACPI_MAX_OVERRIDES];

    // HPET
    uint8_t  has_hpet;
    uint64_t hpet_addr;                  // system memory, never 0 when has_hpet
    uint32_t hpet_block_id;              // the event timer block ID (copy of the capabilities register's low half)
    uint8_t  hpet_comparators;           // 1..32, from the block ID
    uint16_t hpet_min_tick;              // minimum clock ticks in periodic mode

    // MCFG
    uint8_t  has_mcfg;
    uint32_t ecam_count;
    struct acpi_ecam ecam[ACPI_MAX_ECAM];

    // Every table seen, in the order read: the root table(s), then their entries.
    uint32_t table_count;
    struct acpi_table table[ACPI_MAX_TABLES];
};

// Reads the tables from the RSDP at rsdp_pa into *out (zeroed first).
// Returns 0, or -1 when neither the RSDP nor a root table is usable (out->root
// is then ACPI_ROOT_NONE).  A bad table is logged, marked in out->table and
// skipped; the others are still read.
int acpi_parse(uint64_t rsdp_pa, acpi_map_fn *map, void *ctx, acpi_log_fn *log,
               struct acpi_info *out);

#endif

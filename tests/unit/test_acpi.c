// acpi_parse on real tables (QEMU's and two PCs', tests/unit/acpi/README)
// placed in a fake physical memory behind an RSDP and root tables this file
// builds, then on those tables damaged one way at a time.  The fake map()
// hands out a fresh heap copy of exactly the bytes asked for and frees it at
// the next call, so AddressSanitizer catches any read past a mapping and any
// use of a mapping after the next one.  Data files are read relative to the
// repository root, where tests/test_unit.py runs the binary.
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dev/acpi.h"

#define DATA      "tests/unit/acpi/"
#define MEM_BASE  0x000e0000u            // the fake memory's physical address
#define MEM_SIZE  0x8000u
#define RSDP_PA   MEM_BASE
#define MAX_LINES 128

static uint8_t mem[MEM_SIZE];
static uint32_t mem_used;
static void *mapping;                    // what the last map() returned

static char lines[MAX_LINES][256];
static int nlines;

static struct acpi_info info;

// ---- fake physical memory ----------------------------------------------------

static uint8_t *
at(uint64_t pa)
{
    assert_true(pa >= MEM_BASE && pa - MEM_BASE < MEM_SIZE);
    return mem + (pa - MEM_BASE);
}

static const void *
fake_map(void *ctx, uint64_t pa, uint32_t len)
{
    (void)ctx;
    assert_true(pa <= UINT64_MAX - len);     // the parser filters wrapping ranges
    free(mapping);
    mapping = NULL;
    if (pa < MEM_BASE || pa - MEM_BASE > MEM_SIZE || len > MEM_SIZE - (pa - MEM_BASE))
        return NULL;
    mapping = malloc(len ? len : 1);
    memcpy(mapping, mem + (pa - MEM_BASE), len);
    return mapping;
}

static void
wr16(uint8_t *b, uint16_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
}

static void
wr32(uint8_t *b, uint32_t v)
{
    wr16(b, (uint16_t)v);
    wr16(b + 2, (uint16_t)(v >> 16));
}

static void
wr64(uint8_t *b, uint64_t v)
{
    wr32(b, (uint32_t)v);
    wr32(b + 4, (uint32_t)(v >> 32));
}

static uint32_t
rd32(const uint8_t *b)
{
    return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint8_t
checksum_of(const uint8_t *b, uint32_t len)
{
    uint8_t s = 0;

    for (uint32_t i = 0; i < len; i++)
        s = (uint8_t)(s + b[i]);
    return s;
}

// Makes the table at pa sum to zero over the length its header states.
static void
fix(uint64_t pa)
{
    uint8_t *t = at(pa);

    t[ACPI_HDR_CHECKSUM] = 0;
    t[ACPI_HDR_CHECKSUM] = (uint8_t)-checksum_of(t, rd32(t + ACPI_HDR_LENGTH));
}

// Copies len bytes into the fake memory, 16-byte aligned, and returns their address.
static uint64_t
place(const void *bytes, uint32_t len)
{
    uint64_t pa = MEM_BASE + mem_used;

    assert_true(len <= MEM_SIZE - mem_used);
    memcpy(mem + mem_used, bytes, len);
    mem_used = (mem_used + len + 15) & ~15u;
    return pa;
}

static uint64_t
place_file(const char *name)
{
    char path[256];
    uint8_t bytes[1024];
    size_t len;
    FILE *f;

    snprintf(path, sizeof path, DATA "%s", name);
    f = fopen(path, "rb");
    assert_non_null(f);
    len = fread(bytes, 1, sizeof bytes, f);
    assert_true(feof(f));
    fclose(f);
    return place(bytes, (uint32_t)len);
}

// A table header of `len` bytes with signature sig, the rest zero.
static uint64_t
place_table(const char *sig, uint32_t len)
{
    uint8_t t[ACPI_MAX_TABLES * 8 + 512] = { 0 };
    uint64_t pa;

    assert_true(len <= sizeof t);
    memcpy(t, sig, 4);
    wr32(t + ACPI_HDR_LENGTH, len);
    t[ACPI_HDR_REVISION] = 1;
    memcpy(t + 10, "GENTST", 6);
    pa = place(t, len);
    fix(pa);
    return pa;
}

// An XSDT (entry 8) or RSDT (entry 4) listing n tables.
static uint64_t
place_root(const char *sig, const uint64_t *tables, int n)
{
    uint32_t entry = sig[0] == 'X' ? 8 : 4;
    uint64_t pa = place_table(sig, ACPI_HDR_LEN + entry * (uint32_t)n);

    for (int i = 0; i < n; i++) {
        if (entry == 8)
            wr64(at(pa) + ACPI_HDR_LEN + 8 * i, tables[i]);
        else
            wr32(at(pa) + ACPI_HDR_LEN + 4 * i, (uint32_t)tables[i]);
    }
    fix(pa);
    return pa;
}

static void
put_rsdp(uint64_t pa, uint8_t revision, uint32_t rsdt, uint64_t xsdt)
{
    uint8_t *r = at(pa);

    memset(r, 0, ACPI_RSDP_V2_LEN);
    memcpy(r, ACPI_RSDP_SIGNATURE, 8);
    memcpy(r + ACPI_RSDP_OEM_ID, "GENTST", 6);
    r[ACPI_RSDP_REVISION] = revision;
    wr32(r + ACPI_RSDP_RSDT, rsdt);
    r[ACPI_RSDP_CHECKSUM] = (uint8_t)-checksum_of(r, ACPI_RSDP_V1_LEN);
    if (revision >= 2) {
        wr32(r + ACPI_RSDP_LENGTH, ACPI_RSDP_V2_LEN);
        wr64(r + ACPI_RSDP_XSDT, xsdt);
        r[ACPI_RSDP_XCHECKSUM] = (uint8_t)-checksum_of(r, ACPI_RSDP_V2_LEN);
    }
}

// The machine under test: its tables and root tables.
static uint64_t table[ACPI_MAX_TABLES + 8];
static int ntables;
static uint64_t xsdt_pa, rsdt_pa;

static void
reset(void)
{
    memset(mem, 0, sizeof mem);
    mem_used = 0x40;                     // the RSDP's place at MEM_BASE
    ntables = 0;
    nlines = 0;
}

static void
add(uint64_t pa)
{
    table[ntables++] = pa;
}

// The RSDP (revision 2) with an XSDT and an RSDT listing the added tables.
static void
finish(void)
{
    xsdt_pa = place_root("XSDT", table, ntables);
    rsdt_pa = place_root("RSDT", table, ntables);
    put_rsdp(RSDP_PA, 2, (uint32_t)rsdt_pa, xsdt_pa);
}

// As a 2010 BIOS has it: revision 0 RSDP, RSDT only.
static void
finish_acpi1(void)
{
    xsdt_pa = 0;
    rsdt_pa = place_root("RSDT", table, ntables);
    put_rsdp(RSDP_PA, 0, (uint32_t)rsdt_pa, 0);
}

// ---- the log -------------------------------------------------------------------

// The parser may use only what the kernel's kprintf understands.
static void
assert_kernel_format(const char *fmt)
{
    for (const char *f = fmt; *f; f++) {
        if (*f != '%')
            continue;
        if (*++f == '0')
            f++;
        while (isdigit((unsigned char)*f))
            f++;
        assert_true(*f && strchr("sdcux%", *f));
    }
}

static void
capture(const char *fmt, ...)
{
    va_list ap;
    size_t n;

    assert_kernel_format(fmt);
    assert_true(nlines < MAX_LINES);
    va_start(ap, fmt);
    vsnprintf(lines[nlines], sizeof lines[0], fmt, ap);
    va_end(ap);
    n = strlen(lines[nlines]);
    assert_true(n > 0 && lines[nlines][n - 1] == '\n' && !memchr(lines[nlines], '\n', n - 1));
    nlines++;
}

// Formats an expected line into one of a few rotating buffers.
static const char *
L(const char *fmt, ...)
{
    static char ring[8][256];
    static int next;
    char *s = ring[next++ % 8];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(s, sizeof ring[0], fmt, ap);
    va_end(ap);
    return s;
}

// The lines logged, exactly and in order; the list ends with NULL.
static void
assert_log(const char *first, ...)
{
    va_list ap;
    int i = 0;

    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *), i++) {
        assert_true(i < nlines);
        assert_string_equal(lines[i], s);
    }
    va_end(ap);
    assert_int_equal(nlines, i);
}

static int
parse_at(uint64_t rsdp)
{
    int rc;

    nlines = 0;
    memset(&info, 0xa5, sizeof info);
    rc = acpi_parse(rsdp, fake_map, NULL, capture, &info);
    free(mapping);
    mapping = NULL;
    return rc;
}

static int
parse(void)
{
    return parse_at(RSDP_PA);
}

static void
assert_table(int i, const char *sig, uint64_t pa, uint32_t length, int status)
{
    assert_true(i < (int)info.table_count);
    assert_string_equal(info.table[i].sig, sig);
    assert_int_equal(info.table[i].pa, pa);
    assert_int_equal(info.table[i].length, length);
    assert_int_equal(info.table[i].status, status);
}

// ---- QEMU's tables ---------------------------------------------------------------

static void
qemu_q35(void)
{
    reset();
    add(place_file("qemu-q35.FACP"));
    add(place_file("qemu-q35.APIC"));
    add(place_file("qemu-q35.HPET"));
    add(place_file("qemu-q35.MCFG"));
    finish();
}

static void
assert_q35_madt(void)
{
    static const struct acpi_override isa[] = {
        { 0, 0, 0x0000, 2 }, { 0, 5, 0x000d, 5 }, { 0, 9, 0x000d, 9 },
        { 0, 10, 0x000d, 10 }, { 0, 11, 0x000d, 11 },
    };

    assert_true(info.has_madt);
    assert_int_equal(info.lapic_addr, 0xfee00000);
    assert_int_equal(info.pcat_compat, 1);
    assert_int_equal(info.lapic_entries, 1);
    assert_int_equal(info.x2apic_entries, 0);
    assert_int_equal(info.cpus_enabled, 1);
    assert_int_equal(info.ioapic_count, 1);
    assert_int_equal(info.ioapic[0].id, 0);
    assert_int_equal(info.ioapic[0].addr, 0xfec00000);
    assert_int_equal(info.ioapic[0].gsi_base, 0);
    assert_int_equal(info.override_count, 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(info.override[i].bus, isa[i].bus);
        assert_int_equal(info.override[i].irq, isa[i].irq);
        assert_int_equal(info.override[i].flags, isa[i].flags);
        assert_int_equal(info.override[i].gsi, isa[i].gsi);
    }
}

static void
q35_all_tables(void **state)
{
    (void)state;
    qemu_q35();
    assert_int_equal(parse(), 0);
    assert_log(NULL);

    assert_int_equal(info.revision, 2);
    assert_string_equal(info.oem_id, "GENTST");
    assert_int_equal(info.root, ACPI_ROOT_XSDT);
    assert_int_equal(info.root_pa, xsdt_pa);

    assert_true(info.has_fadt);
    assert_int_equal(info.pm_timer_port, 0x608);
    assert_int_equal(info.pm_timer_bits, 24);
    assert_int_equal(info.i8042, ACPI_8042_ABSENT);   // this QEMU left IAPC_BOOT_ARCH 0
    assert_int_equal(info.rtc_century, 0x32);

    assert_q35_madt();

    assert_true(info.has_hpet);
    assert_int_equal(info.hpet_addr, 0xfed00000);
    assert_int_equal(info.hpet_block_id, 0x8086a201);
    assert_int_equal(info.hpet_comparators, 3);
    assert_int_equal(info.hpet_min_tick, 0);

    assert_true(info.has_mcfg);
    assert_int_equal(info.ecam_count, 1);
    assert_int_equal(info.ecam[0].base, 0xb0000000);
    assert_int_equal(info.ecam[0].segment, 0);
    assert_int_equal(info.ecam[0].bus_start, 0);
    assert_int_equal(info.ecam[0].bus_end, 255);

    assert_int_equal(info.table_count, 5);
    assert_table(0, "XSDT", xsdt_pa, ACPI_HDR_LEN + 4 * 8, ACPI_TABLE_OK);
    assert_table(1, "FACP", table[0], 244, ACPI_TABLE_OK);
    assert_table(2, "APIC", table[1], 120, ACPI_TABLE_OK);
    assert_table(3, "HPET", table[2], 56, ACPI_TABLE_OK);
    assert_table(4, "MCFG", table[3], 60, ACPI_TABLE_OK);
}

static void
q35_cpu_hotplug_counts_disabled_processors(void **state)
{
    (void)state;
    reset();
    add(place_file("qemu-q35-cphp.APIC"));
    finish();
    assert_int_equal(parse(), 0);
    assert_log(NULL);
    assert_int_equal(info.lapic_entries, 6);
    assert_int_equal(info.cpus_enabled, 2);
    assert_int_equal(info.ioapic_count, 1);
    assert_int_equal(info.override_count, 5);
    assert_false(info.has_fadt);
    assert_false(info.has_hpet);
    assert_false(info.has_mcfg);
    assert_int_equal(info.i8042, ACPI_8042_UNKNOWN);
}

// The i440FX machine's FADT is revision 1: 116 bytes, no X_ fields, and an
// IAPC_BOOT_ARCH that means nothing.
static void
pc_revision1_fadt_through_the_rsdt(void **state)
{
    (void)state;
    reset();
    add(place_file("qemu-pc.FACP"));
    add(place_file("qemu-q35.APIC"));
    finish_acpi1();
    assert_int_equal(parse(), 0);
    assert_log(NULL);
    assert_int_equal(info.revision, 0);
    assert_int_equal(info.root, ACPI_ROOT_RSDT);
    assert_int_equal(info.root_pa, rsdt_pa);
    assert_int_equal(info.pm_timer_port, 0x608);
    assert_int_equal(info.pm_timer_bits, 24);
    assert_int_equal(info.i8042, ACPI_8042_UNKNOWN);
    assert_int_equal(info.rtc_century, 0x32);
    assert_q35_madt();
    assert_int_equal(info.table_count, 3);
    assert_table(0, "RSDT", rsdt_pa, ACPI_HDR_LEN + 2 * 4, ACPI_TABLE_OK);
    assert_table(1, "FACP", table[0], 116, ACPI_TABLE_OK);
}

// ---- real PCs ----------------------------------------------------------------------

static void
asrock_g31m_s(void **state)
{
    (void)state;
    reset();
    add(place_file("asrock-g31m-s.FACP"));
    add(place_file("asrock-g31m-s.APIC"));
    add(place_file("asrock-g31m-s.MCFG"));
    finish_acpi1();
    assert_int_equal(parse(), 0);
    assert_log(NULL);
    assert_int_equal(info.root, ACPI_ROOT_RSDT);

    assert_int_equal(info.pm_timer_port, 0x808);
    assert_int_equal(info.pm_timer_bits, 24);
    assert_int_equal(info.i8042, ACPI_8042_UNKNOWN);  // bit set, but revision 1
    assert_int_equal(info.rtc_century, 0x32);

    assert_int_equal(info.lapic_addr, 0xfee00000);
    assert_int_equal(info.pcat_compat, 1);
    assert_int_equal(info.lapic_entries, 4);
    assert_int_equal(info.cpus_enabled, 2);
    assert_int_equal(info.ioapic_count, 1);
    assert_int_equal(info.ioapic[0].id, 2);
    assert_int_equal(info.ioapic[0].addr, 0xfec00000);
    assert_int_equal(info.override_count, 2);
    assert_int_equal(info.override[0].irq, 0);
    assert_int_equal(info.override[0].gsi, 2);
    assert_int_equal(info.override[1].irq, 9);
    assert_int_equal(info.override[1].gsi, 9);
    assert_int_equal(info.override[1].flags, 0x000d);

    assert_false(info.has_hpet);
    assert_int_equal(info.ecam_count, 1);
    assert_int_equal(info.ecam[0].base, 0xe0000000);
    assert_int_equal(info.ecam[0].bus_end, 255);
}

static void
asrock_h77m(void **state)
{
    (void)state;
    reset();
    add(place_file("asrock-h77m.APIC"));
    add(place_file("asrock-h77m.FACP"));
    add(place_file("asrock-h77m.HPET"));
    add(place_file("asrock-h77m.MCFG"));
    finish();
    assert_int_equal(parse(), 0);
    assert_log(NULL);
    assert_int_equal(info.root, ACPI_ROOT_XSDT);

    assert_int_equal(info.pm_timer_port, 0x408);
    assert_int_equal(info.pm_timer_bits, 24);
    assert_int_equal(info.i8042, ACPI_8042_PRESENT);
    assert_int_equal(info.rtc_century, 0x32);

    assert_int_equal(info.lapic_entries, 4);
    assert_int_equal(info.cpus_enabled, 4);
    assert_int_equal(info.ioapic_count, 1);
    assert_int_equal(info.ioapic[0].id, 2);
    assert_int_equal(info.override_count, 2);

    assert_int_equal(info.hpet_addr, 0xfed00000);
    assert_int_equal(info.hpet_block_id, 0x8086a701);
    assert_int_equal(info.hpet_comparators, 8);
    assert_int_equal(info.hpet_min_tick, 0x37ee);

    assert_int_equal(info.ecam_count, 1);
    assert_int_equal(info.ecam[0].base, 0xf8000000);
    assert_int_equal(info.ecam[0].bus_start, 0);
    assert_int_equal(info.ecam[0].bus_end, 0x3f);
    assert_int_equal(info.table_count, 5);
}

// ---- the FADT's fields ---------------------------------------------------------------

static void
fadt_timer_width_and_x_pm_tmr_blk(void **state)
{
    uint64_t f;
    uint8_t *x;

    (void)state;
    reset();
    add(f = place_file("asrock-h77m.FACP"));
    finish();
    x = at(f) + ACPI_FADT_X_PM_TMR_BLK;

    at(f)[ACPI_FADT_FLAGS + 1] |= ACPI_FADT_TMR_VAL_EXT >> 8;
    wr64(x + ACPI_GAS_ADDR, 0x1808);                  // the I/O GAS wins
    fix(f);
    assert_int_equal(parse(), 0);
    assert_log(NULL);
    assert_int_equal(info.pm_timer_bits, 32);
    assert_int_equal(info.pm_timer_port, 0x1808);

    x[ACPI_GAS_SPACE] = ACPI_GAS_MEMORY;              // a memory GAS does not
    fix(f);
    assert_int_equal(parse(), 0);
    assert_log(NULL);
    assert_int_equal(info.pm_timer_port, 0x408);

    x[ACPI_GAS_SPACE] = ACPI_GAS_IO;
    wr64(x + ACPI_GAS_ADDR, 0x100000408ull);          // no such port
    fix(f);
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: FACP at 0x%016llx puts the PM timer at port 0x0000000100000408, "
                 "beyond the I/O space: no PM timer\n", (unsigned long long)f), NULL);
    assert_true(info.has_fadt);
    assert_int_equal(info.pm_timer_port, 0);
}

static void
fadt_century_outside_cmos_ram(void **state)
{
    static const uint8_t bad[] = { 0x05, 0x0d, 0x80, 0xff };
    uint64_t f;

    (void)state;
    reset();
    add(f = place_file("asrock-h77m.FACP"));
    finish();
    for (unsigned i = 0; i < sizeof bad; i++) {
        at(f)[ACPI_FADT_CENTURY] = bad[i];
        fix(f);
        assert_int_equal(parse(), 0);
        assert_log(L("acpi: FACP at 0x%016llx: century index 0x%02x is not CMOS RAM, ignored\n",
                     (unsigned long long)f, bad[i]), NULL);
        assert_int_equal(info.rtc_century, 0);
        assert_int_equal(info.pm_timer_port, 0x408);
    }
    at(f)[ACPI_FADT_CENTURY] = 0;
    fix(f);
    assert_int_equal(parse(), 0);
    assert_log(NULL);
    assert_int_equal(info.rtc_century, 0);
}

// A revision 3 FADT cut short: the fields it still covers are read, the
// others count as absent.
static void
fadt_too_short_for_iapc_boot_arch(void **state)
{
    uint64_t f;

    (void)state;
    reset();
    add(f = place_file("asrock-h77m.FACP"));
    finish();
    wr32(at(f) + ACPI_HDR_LENGTH, ACPI_FADT_BOOT_ARCH + 1);
    fix(f);
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: FACP at 0x%016llx has 110 bytes, fewer than ACPI 1.0's 116: "
                 "the fields past its end count as absent\n", (unsigned long long)f), NULL);
    assert_true(info.has_fadt);
    assert_int_equal(info.i8042, ACPI_8042_UNKNOWN);
    assert_int_equal(info.pm_timer_port, 0x408);
    assert_int_equal(info.pm_timer_bits, 24);
    assert_int_equal(info.rtc_century, 0x32);
    assert_table(1, "FACP", f, 110, ACPI_TABLE_OK);

    wr32(at(f) + ACPI_HDR_LENGTH, ACPI_FADT_PM_TMR_BLK + 3);
    fix(f);
    assert_int_equal(parse(), 0);
    assert_int_equal(nlines, 1);
    assert_int_equal(info.pm_timer_port, 0);
    assert_int_equal(info.rtc_century, 0);
    assert_int_equal(info.i8042, ACPI_8042_UNKNOWN);
}

// ---- the RSDP -------------------------------------------------------------------

static void
rsdp_bad_signature_or_checksum(void **state)
{
    (void)state;
    qemu_q35();
    at(RSDP_PA)[7] = '!';
    at(RSDP_PA)[ACPI_RSDP_CHECKSUM] -= '!' - ' ';
    assert_int_equal(parse(), -1);
    assert_log("acpi: no RSDP signature at 0x00000000000e0000\n", NULL);
    assert_int_equal(info.root, ACPI_ROOT_NONE);
    assert_int_equal(info.table_count, 0);

    qemu_q35();
    at(RSDP_PA)[ACPI_RSDP_RSDT] ^= 0x10;
    assert_int_equal(parse(), -1);
    assert_log("acpi: RSDP at 0x00000000000e0000 bad checksum\n", NULL);
    assert_int_equal(info.root, ACPI_ROOT_NONE);
    assert_false(info.has_fadt);

    assert_int_equal(parse_at(0xfffffffffffffff0ull), -1);
    assert_log("acpi: RSDP at 0xfffffffffffffff0 unmappable\n", NULL);
}

// Each way the revision 2 part can fail sends the parser to the RSDT.
static void
rsdp_extended_part_falls_back_to_the_rsdt(void **state)
{
    uint8_t *r = at(RSDP_PA);
    const char *retry;

    (void)state;
    qemu_q35();
    retry = L("acpi: no usable XSDT, trying the RSDT at 0x%08x\n", (unsigned)rsdt_pa);

    r[ACPI_RSDP_XCHECKSUM]++;
    assert_int_equal(parse(), 0);
    assert_log("acpi: RSDP at 0x00000000000e0000: bad extended checksum\n", retry, NULL);
    assert_int_equal(info.root, ACPI_ROOT_RSDT);
    assert_int_equal(info.root_pa, rsdt_pa);
    assert_int_equal(info.pm_timer_port, 0x608);
    assert_int_equal(info.hpet_addr, 0xfed00000);
    assert_int_equal(info.table_count, 5);
    assert_table(0, "RSDT", rsdt_pa, ACPI_HDR_LEN + 4 * 4, ACPI_TABLE_OK);

    static const uint32_t lengths[] = { 20, 35, ACPI_MAX_TABLE_LEN + 1, MEM_SIZE + 1 };
    for (unsigned i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        put_rsdp(RSDP_PA, 2, (uint32_t)rsdt_pa, xsdt_pa);
        wr32(r + ACPI_RSDP_LENGTH, lengths[i]);
        assert_int_equal(parse(), 0);
        assert_log(L("acpi: RSDP at 0x00000000000e0000: length %u unreadable\n", lengths[i]),
                   retry, NULL);
        assert_int_equal(info.root, ACPI_ROOT_RSDT);
    }

    put_rsdp(RSDP_PA, 2, (uint32_t)rsdt_pa, 0);
    assert_int_equal(parse(), 0);
    assert_log("acpi: RSDP at 0x00000000000e0000: no XSDT address\n", retry, NULL);
    assert_int_equal(info.root, ACPI_ROOT_RSDT);
    assert_int_equal(info.revision, 2);
}

// An RSDP in the last 20 bytes of memory: its revision 2 part is out of reach.
static void
rsdp_extended_part_unmappable(void **state)
{
    uint64_t rsdp = MEM_BASE + MEM_SIZE - ACPI_RSDP_V1_LEN;
    uint8_t r[ACPI_RSDP_V2_LEN];

    (void)state;
    qemu_q35();
    memcpy(r, at(RSDP_PA), sizeof r);
    memcpy(at(rsdp), r, ACPI_RSDP_V1_LEN);
    assert_int_equal(parse_at(rsdp), 0);
    assert_log("acpi: RSDP at 0x00000000000e7fec: its revision 2 part is unmappable\n",
               L("acpi: no usable XSDT, trying the RSDT at 0x%08x\n", (unsigned)rsdt_pa), NULL);
    assert_int_equal(info.root, ACPI_ROOT_RSDT);
    assert_true(info.has_madt);
}

// ---- root tables --------------------------------------------------------------------

static void
xsdt_unmappable_or_not_an_xsdt(void **state)
{
    (void)state;
    qemu_q35();
    put_rsdp(RSDP_PA, 2, (uint32_t)rsdt_pa, 0x100000000ull);
    assert_int_equal(parse(), 0);
    assert_log("acpi: table at 0x0000000100000000 unmappable, ignored\n",
               L("acpi: no usable XSDT, trying the RSDT at 0x%08x\n", (unsigned)rsdt_pa), NULL);
    assert_int_equal(info.root, ACPI_ROOT_RSDT);
    assert_int_equal(info.table_count, 6);
    assert_table(0, "????", 0x100000000ull, 0, ACPI_TABLE_UNMAPPABLE);
    assert_table(1, "RSDT", rsdt_pa, ACPI_HDR_LEN + 4 * 4, ACPI_TABLE_OK);
    assert_true(info.has_fadt && info.has_madt && info.has_hpet && info.has_mcfg);

    put_rsdp(RSDP_PA, 2, (uint32_t)rsdt_pa, table[2]);
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: XSDT at 0x%016llx is a HPET table, ignored\n", (unsigned long long)table[2]),
               L("acpi: no usable XSDT, trying the RSDT at 0x%08x\n", (unsigned)rsdt_pa), NULL);
    assert_table(0, "HPET", table[2], 56, ACPI_TABLE_REJECTED);
    assert_int_equal(info.root, ACPI_ROOT_RSDT);
    assert_true(info.has_hpet);                       // read again through the RSDT
}

static void
no_usable_root_table(void **state)
{
    (void)state;
    qemu_q35();
    at(xsdt_pa)[ACPI_HDR_CHECKSUM]++;
    at(rsdt_pa)[ACPI_HDR_CHECKSUM]++;
    assert_int_equal(parse(), -1);
    assert_log(L("acpi: XSDT at 0x%016llx bad checksum, ignored\n", (unsigned long long)xsdt_pa),
               L("acpi: no usable XSDT, trying the RSDT at 0x%08x\n", (unsigned)rsdt_pa),
               L("acpi: RSDT at 0x%016llx bad checksum, ignored\n", (unsigned long long)rsdt_pa),
               "acpi: no usable root table\n", NULL);
    assert_int_equal(info.root, ACPI_ROOT_NONE);
    assert_int_equal(info.table_count, 2);
    assert_false(info.has_fadt);

    // A revision 2 RSDP whose XSDT fails and whose RSDT address is 0.
    put_rsdp(RSDP_PA, 2, 0, table[0]);
    assert_int_equal(parse(), -1);
    assert_log(L("acpi: XSDT at 0x%016llx is a FACP table, ignored\n", (unsigned long long)table[0]),
               "acpi: no usable XSDT, trying the RSDT at 0x00000000\n",
               "acpi: no usable root table\n", NULL);
    assert_int_equal(info.table_count, 1);
}

// 4-byte entries and 2 bytes more: the whole entries are still read.
static void
rsdt_with_odd_length(void **state)
{
    uint8_t *r;

    (void)state;
    qemu_q35();
    r = at(rsdt_pa);
    wr32(r + ACPI_HDR_LENGTH, rd32(r + ACPI_HDR_LENGTH) + 2);
    fix(rsdt_pa);
    put_rsdp(RSDP_PA, 0, (uint32_t)rsdt_pa, 0);
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: RSDT at 0x%016llx: 2 bytes after the last whole entry, ignored\n",
                 (unsigned long long)rsdt_pa), NULL);
    assert_int_equal(info.table_count, 5);
    assert_true(info.has_fadt && info.has_madt && info.has_hpet && info.has_mcfg);
}

static void
root_entries_beyond_the_list_are_not_read(void **state)
{
    uint64_t unknown;

    (void)state;
    reset();
    unknown = place_table("SSDT", ACPI_HDR_LEN + 4);
    for (int i = 0; i < ACPI_MAX_TABLES + 6; i++)
        add(unknown);
    finish();
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: XSDT at 0x%016llx lists 70 tables, only the first 63 are read\n",
                 (unsigned long long)xsdt_pa), NULL);
    assert_int_equal(info.table_count, ACPI_MAX_TABLES);
    assert_table(ACPI_MAX_TABLES - 1, "SSDT", unknown, ACPI_HDR_LEN + 4, ACPI_TABLE_OK);
}

// XSDT entries out of reach: above the fake memory, and so close to the top
// of the address space that the header would wrap around it.
static void
xsdt_entries_pointing_nowhere(void **state)
{
    (void)state;
    reset();
    add(0x00000001fee00000ull);
    add(0xffffffffffffffe0ull);
    add(place_file("qemu-q35.HPET"));
    finish();
    assert_int_equal(parse(), 0);
    assert_log("acpi: table at 0x00000001fee00000 unmappable, ignored\n",
               "acpi: table at 0xffffffffffffffe0 unmappable, ignored\n", NULL);
    assert_table(1, "????", 0x00000001fee00000ull, 0, ACPI_TABLE_UNMAPPABLE);
    assert_table(2, "????", 0xffffffffffffffe0ull, 0, ACPI_TABLE_UNMAPPABLE);
    assert_true(info.has_hpet);
}

// ---- tables damaged in their header ---------------------------------------------

static void
bad_table_checksum(void **state)
{
    (void)state;
    qemu_q35();
    at(table[2])[ACPI_HPET_MIN_TICK] ^= 1;
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: HPET at 0x%016llx bad checksum, ignored\n", (unsigned long long)table[2]), NULL);
    assert_table(3, "HPET", table[2], 56, ACPI_TABLE_BAD_CHECKSUM);
    assert_false(info.has_hpet);
    assert_int_equal(info.hpet_addr, 0);
    assert_true(info.has_fadt && info.has_madt && info.has_mcfg);
}

static void
table_length_out_of_bounds(void **state)
{
    static const uint32_t lengths[] = { 0, ACPI_HDR_LEN - 1, ACPI_MAX_TABLE_LEN + 1, 0xffffffff };

    (void)state;
    for (unsigned i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        qemu_q35();
        wr32(at(table[1]) + ACPI_HDR_LENGTH, lengths[i]);
        assert_int_equal(parse(), 0);
        assert_log(L("acpi: APIC at 0x%016llx has length %u, out of bounds, ignored\n",
                     (unsigned long long)table[1], lengths[i]), NULL);
        assert_table(2, "APIC", table[1], lengths[i], ACPI_TABLE_TRUNCATED);
        assert_false(info.has_madt);
        assert_int_equal(info.lapic_addr, 0);
    }
}

// A length within bounds that runs past the end of memory.
static void
table_truncated_by_the_end_of_memory(void **state)
{
    uint64_t last = MEM_BASE + MEM_SIZE - 48;

    (void)state;
    qemu_q35();
    memcpy(at(last), at(table[3]), 48);
    table[3] = last;
    finish();
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: MCFG at 0x%016llx: its 60 bytes run past mappable memory, ignored\n",
                 (unsigned long long)last), NULL);
    assert_false(info.has_mcfg);
    assert_table(4, "MCFG", last, 60, ACPI_TABLE_TRUNCATED);
}

static void
unprintable_signature(void **state)
{
    uint64_t t;

    (void)state;
    reset();
    t = place_table("\x01PI\x7f", ACPI_HDR_LEN);
    at(t)[ACPI_HDR_CHECKSUM]++;
    add(t);
    finish();
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: ?PI? at 0x%016llx bad checksum, ignored\n", (unsigned long long)t), NULL);
    assert_table(1, "?PI?", t, ACPI_HDR_LEN, ACPI_TABLE_BAD_CHECKSUM);
}

// ---- duplicates -------------------------------------------------------------------

static void
duplicate_fadt_first_valid_wins(void **state)
{
    uint64_t q35, h77m;

    (void)state;
    reset();
    add(q35 = place_file("qemu-q35.FACP"));
    add(h77m = place_file("asrock-h77m.FACP"));
    finish();
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: FACP at 0x%016llx is a second copy, ignored: the first one is used\n",
                 (unsigned long long)h77m), NULL);
    assert_int_equal(info.pm_timer_port, 0x608);
    assert_table(1, "FACP", q35, 244, ACPI_TABLE_OK);
    assert_table(2, "FACP", h77m, 268, ACPI_TABLE_DUPLICATE);

    at(q35)[ACPI_HDR_CHECKSUM]++;
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: FACP at 0x%016llx bad checksum, ignored\n", (unsigned long long)q35), NULL);
    assert_int_equal(info.pm_timer_port, 0x408);
    assert_table(2, "FACP", h77m, 268, ACPI_TABLE_OK);
}

// ---- HPET -------------------------------------------------------------------------

static void
hpet_outside_system_memory(void **state)
{
    uint64_t h;
    uint8_t *gas;

    (void)state;
    reset();
    add(h = place_file("qemu-q35.HPET"));
    add(place_file("asrock-h77m.HPET"));
    finish();
    gas = at(h) + ACPI_HPET_BASE;
    gas[ACPI_GAS_SPACE] = ACPI_GAS_IO;
    fix(h);
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: HPET at 0x%016llx: registers at 0x00000000fed00000 in address space 1, "
                 "ignored: they must be at a nonzero system memory (0) address\n",
                 (unsigned long long)h), NULL);
    assert_table(1, "HPET", h, 56, ACPI_TABLE_REJECTED);
    assert_table(2, "HPET", table[1], 56, ACPI_TABLE_OK);   // the next valid one is used
    assert_int_equal(info.hpet_block_id, 0x8086a701);

    gas[ACPI_GAS_SPACE] = ACPI_GAS_MEMORY;
    wr64(gas + ACPI_GAS_ADDR, 0);
    fix(h);
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: HPET at 0x%016llx: registers at 0x0000000000000000 in address space 0, "
                 "ignored: they must be at a nonzero system memory (0) address\n",
                 (unsigned long long)h), NULL);
    assert_table(1, "HPET", h, 56, ACPI_TABLE_REJECTED);
}

static void
tables_too_short_for_their_fields(void **state)
{
    static const struct { const char *sig; uint32_t need; } cases[] = {
        { "HPET", ACPI_HPET_LEN }, { "APIC", ACPI_MADT_ENTRIES }, { "MCFG", ACPI_MCFG_ENTRIES },
    };

    (void)state;
    for (unsigned i = 0; i < 3; i++) {
        uint64_t t;

        reset();
        add(t = place_table(cases[i].sig, cases[i].need - 1));
        finish();
        assert_int_equal(parse(), 0);
        assert_log(L("acpi: %s at 0x%016llx has %u bytes, fewer than the %u it needs, ignored\n",
                     cases[i].sig, (unsigned long long)t, cases[i].need - 1, cases[i].need), NULL);
        assert_table(1, cases[i].sig, t, cases[i].need - 1, ACPI_TABLE_REJECTED);
        assert_false(info.has_hpet || info.has_madt || info.has_mcfg);
    }
}

// ---- MADT entries -----------------------------------------------------------------

// The q35 MADT: entries at 44 (LAPIC, 8), 52 (I/O APIC, 12), 64, 74, 84, 94,
// 104 (overrides, 10), 114 (LAPIC NMI, 6); 120 bytes.
static void
madt_zero_length_entry(void **state)
{
    (void)state;
    qemu_q35();
    at(table[1])[52 + 1] = 0;
    fix(table[1]);
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: APIC at 0x%016llx: entry at offset 52 has length 0 and the table ends "
                 "at 120: the rest is ignored\n", (unsigned long long)table[1]), NULL);
    assert_true(info.has_madt);
    assert_int_equal(info.lapic_entries, 1);
    assert_int_equal(info.ioapic_count, 0);
    assert_int_equal(info.override_count, 0);
    assert_true(info.has_hpet);
}

static void
madt_entry_longer_than_the_table(void **state)
{
    (void)state;
    qemu_q35();
    at(table[1])[114 + 1] = 7;
    fix(table[1]);
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: APIC at 0x%016llx: entry at offset 114 has length 7 and the table ends "
                 "at 120: the rest is ignored\n", (unsigned long long)table[1]), NULL);
    assert_int_equal(info.ioapic_count, 1);
    assert_int_equal(info.override_count, 5);
}

// One byte after the last entry: not even a length byte to read.
static void
madt_stray_byte_at_the_end(void **state)
{
    uint8_t madt[121];
    uint64_t m;

    (void)state;
    reset();
    m = place_file("qemu-q35.APIC");
    memcpy(madt, at(m), 120);
    madt[120] = ACPI_MADT_IOAPIC;
    wr32(madt + ACPI_HDR_LENGTH, sizeof madt);
    add(m = place(madt, sizeof madt));
    fix(m);
    finish();
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: APIC at 0x%016llx: entry at offset 120 has length 0 and the table ends "
                 "at 121: the rest is ignored\n", (unsigned long long)m), NULL);
    assert_int_equal(info.ioapic_count, 1);
}

// Builds a MADT from entries given as (type, length, then fields) byte strings.
static uint64_t
place_madt(const uint8_t *const entries[], int n)
{
    uint8_t t[1024] = { 0 };
    uint32_t len = ACPI_MADT_ENTRIES;
    uint64_t pa;

    memcpy(t, "APIC", 4);
    t[ACPI_HDR_REVISION] = 5;
    wr32(t + ACPI_MADT_LAPIC_ADDR, 0xfee00000);
    for (int i = 0; i < n; i++) {
        memcpy(t + len, entries[i], entries[i][1]);
        len += entries[i][1];
    }
    wr32(t + ACPI_HDR_LENGTH, len);
    pa = place(t, len);
    fix(pa);
    return pa;
}

static void
madt_x2apic_and_64bit_lapic_address(void **state)
{
    static const uint8_t x2on[16] = { ACPI_MADT_X2APIC, 16, 0, 0, 0x00, 0x01, 0, 0, 1, 0, 0, 0, 7 };
    static const uint8_t x2off[16] = { ACPI_MADT_X2APIC, 16, 0, 0, 0x01, 0x01, 0, 0, 0, 0, 0, 0, 8 };
    static const uint8_t lapic[8] = { ACPI_MADT_LAPIC, 8, 0, 0, 1 };
    static const uint8_t addr64[12] = { ACPI_MADT_LAPIC_ADDR64, 12, 0, 0, 0, 0, 0xe0, 0xfe, 1 };
    static const uint8_t nmi[6] = { 4, 6, 0xff, 0, 0, 1 };    // a type the parser skips
    const uint8_t *const entries[] = { x2on, nmi, lapic, x2off, addr64 };

    (void)state;
    reset();
    add(place_madt(entries, 5));
    finish();
    assert_int_equal(parse(), 0);
    assert_log(NULL);
    assert_int_equal(info.lapic_addr, 0x1fee00000ull);
    assert_int_equal(info.x2apic_entries, 2);
    assert_int_equal(info.lapic_entries, 1);
    assert_int_equal(info.cpus_enabled, 2);
    assert_int_equal(info.pcat_compat, 0);
}

static void
madt_entries_too_short_for_their_type(void **state)
{
    static const uint8_t lapic[4] = { ACPI_MADT_LAPIC, 4, 0, 0 };
    static const uint8_t ioapic[8] = { ACPI_MADT_IOAPIC, 8, 1, 0, 0, 0, 0xc0, 0xfe };
    static const uint8_t ok[12] = { ACPI_MADT_IOAPIC, 12, 2, 0, 0, 0, 0xc0, 0xfe, 24 };
    static const uint8_t iso[9] = { ACPI_MADT_OVERRIDE, 9, 0, 0, 2 };
    static const uint8_t addr64[11] = { ACPI_MADT_LAPIC_ADDR64, 11, 0, 0, 0, 0, 0, 0, 1 };
    static const uint8_t x2[15] = { ACPI_MADT_X2APIC, 15, 0, 0, 0, 0, 0, 0, 1 };
    const uint8_t *const entries[] = { ok, lapic, ioapic, iso, addr64, x2 };
    uint64_t m;

    (void)state;
    reset();
    add(m = place_madt(entries, 6));
    finish();
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: APIC at 0x%016llx: 5 entries too short for their type, ignored "
                 "(the first at offset 56)\n", (unsigned long long)m), NULL);
    assert_int_equal(info.ioapic_count, 1);
    assert_int_equal(info.ioapic[0].id, 2);
    assert_int_equal(info.ioapic[0].gsi_base, 24);
    assert_int_equal(info.lapic_entries + info.x2apic_entries + info.override_count, 0);
    assert_int_equal(info.lapic_addr, 0xfee00000);
}

static void
madt_counts_are_bounded(void **state)
{
    uint8_t io[ACPI_MAX_IOAPICS + 2][12], iso[ACPI_MAX_OVERRIDES + 3][10];
    const uint8_t *entries[sizeof io / sizeof io[0] + sizeof iso / sizeof iso[0]];
    int n = 0;
    uint64_t m;

    (void)state;
    for (unsigned i = 0; i < sizeof io / sizeof io[0]; i++) {
        uint8_t e[12] = { ACPI_MADT_IOAPIC, 12, (uint8_t)i, 0, 0, 0, 0xc0, 0xfe, (uint8_t)(24 * i) };
        memcpy(io[i], e, sizeof e);
        entries[n++] = io[i];
    }
    for (unsigned i = 0; i < sizeof iso / sizeof iso[0]; i++) {
        uint8_t e[10] = { ACPI_MADT_OVERRIDE, 10, 0, (uint8_t)i, (uint8_t)i };
        memcpy(iso[i], e, sizeof e);
        entries[n++] = iso[i];
    }
    reset();
    add(m = place_madt(entries, n));
    finish();
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: APIC at 0x%016llx: 2 I/O APICs beyond the 8 kept, ignored\n",
                 (unsigned long long)m),
               L("acpi: APIC at 0x%016llx: 3 interrupt overrides beyond the 16 kept, ignored\n",
                 (unsigned long long)m), NULL);
    assert_int_equal(info.ioapic_count, ACPI_MAX_IOAPICS);
    assert_int_equal(info.ioapic[7].id, 7);
    assert_int_equal(info.ioapic[7].gsi_base, 168);
    assert_int_equal(info.override_count, ACPI_MAX_OVERRIDES);
    assert_int_equal(info.override[15].irq, 15);
}

// ---- MCFG ---------------------------------------------------------------------------

static void
mcfg_partial_backwards_and_surplus_entries(void **state)
{
    uint8_t t[ACPI_MCFG_ENTRIES + 11 * ACPI_MCFG_ENTRY_LEN + 5] = { 0 };
    uint64_t m;

    (void)state;
    memcpy(t, "MCFG", 4);
    wr32(t + ACPI_HDR_LENGTH, sizeof t);
    for (int i = 0; i < 11; i++) {
        uint8_t *e = t + ACPI_MCFG_ENTRIES + i * ACPI_MCFG_ENTRY_LEN;
        wr64(e, 0x100000000ull * (uint64_t)(i + 1));
        wr16(e + 8, (uint16_t)i);
        e[10] = i == 1 ? 9 : 0;               // entry 1 runs from bus 9 down to 8
        e[11] = 8;
    }
    reset();
    add(m = place(t, sizeof t));
    fix(m);
    finish();
    assert_int_equal(parse(), 0);
    assert_log(L("acpi: MCFG at 0x%016llx: 5 bytes after the last whole entry, ignored\n",
                 (unsigned long long)m),
               L("acpi: MCFG at 0x%016llx: 1 entries end below their start bus, ignored\n",
                 (unsigned long long)m),
               L("acpi: MCFG at 0x%016llx: 2 ECAM windows beyond the 8 kept, ignored\n",
                 (unsigned long long)m), NULL);
    assert_int_equal(info.ecam_count, ACPI_MAX_ECAM);
    assert_int_equal(info.ecam[0].base, 0x100000000ull);
    assert_int_equal(info.ecam[1].base, 0x300000000ull);
    assert_int_equal(info.ecam[1].segment, 2);
    assert_int_equal(info.ecam[7].segment, 8);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(q35_all_tables),
        cmocka_unit_test(q35_cpu_hotplug_counts_disabled_processors),
        cmocka_unit_test(pc_revision1_fadt_through_the_rsdt),
        cmocka_unit_test(asrock_g31m_s),
        cmocka_unit_test(asrock_h77m),
        cmocka_unit_test(fadt_timer_width_and_x_pm_tmr_blk),
        cmocka_unit_test(fadt_century_outside_cmos_ram),
        cmocka_unit_test(fadt_too_short_for_iapc_boot_arch),
        cmocka_unit_test(rsdp_bad_signature_or_checksum),
        cmocka_unit_test(rsdp_extended_part_falls_back_to_the_rsdt),
        cmocka_unit_test(rsdp_extended_part_unmappable),
        cmocka_unit_test(xsdt_unmappable_or_not_an_xsdt),
        cmocka_unit_test(no_usable_root_table),
        cmocka_unit_test(rsdt_with_odd_length),
        cmocka_unit_test(root_entries_beyond_the_list_are_not_read),
        cmocka_unit_test(xsdt_entries_pointing_nowhere),
        cmocka_unit_test(bad_table_checksum),
        cmocka_unit_test(table_length_out_of_bounds),
        cmocka_unit_test(table_truncated_by_the_end_of_memory),
        cmocka_unit_test(unprintable_signature),
        cmocka_unit_test(duplicate_fadt_first_valid_wins),
        cmocka_unit_test(hpet_outside_system_memory),
        cmocka_unit_test(tables_too_short_for_their_fields),
        cmocka_unit_test(madt_zero_length_entry),
        cmocka_unit_test(madt_entry_longer_than_the_table),
        cmocka_unit_test(madt_stray_byte_at_the_end),
        cmocka_unit_test(madt_x2apic_and_64bit_lapic_address),
        cmocka_unit_test(madt_entries_too_short_for_their_type),
        cmocka_unit_test(madt_counts_are_bounded),
        cmocka_unit_test(mcfg_partial_backwards_and_surplus_entries),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

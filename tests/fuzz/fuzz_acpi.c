// libFuzzer target on acpi_parse.  An input is physical memory from address
// 0, the RSDP at its start (tests/fuzz/acpi_seeds.py writes the seeds).
// map() hands out an exact heap copy of what is asked and frees it at the
// next call, so AddressSanitizer sees any read past a mapping and any use of
// an old one.  Each input is parsed as it is, where the checksums stop
// nearly every mutation, and again with a map() that makes each checksum
// right as it copies, so that mutations reach the checks behind them.  Then
// the promises the kernel relies on are checked; a broken one aborts.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dev/acpi.h"

// Per table: one line to refuse it or at most four about its entries; a
// few more for the RSDP and the root tables.
#define MAX_LINES  (4 * ACPI_MAX_TABLES + 12)

struct image {
    const uint8_t *data;
    size_t size;
    int fix_checksums;
};

static void *mapping;
static int nlines;

static void
expect(int ok)
{
    if (!ok)
        abort();
}

static uint32_t
rd32(const uint8_t *b)
{
    return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

// Sets byte `at` so that the first len bytes sum to zero.
static void
settle(uint8_t *b, uint32_t len, uint32_t at)
{
    uint8_t s = 0;

    b[at] = 0;
    for (uint32_t i = 0; i < len; i++)
        s = (uint8_t)(s + b[i]);
    b[at] = (uint8_t)-s;
}

static const void *
map(void *ctx, uint64_t pa, uint32_t len)
{
    struct image *m = ctx;
    uint8_t *copy;

    expect(pa <= UINT64_MAX - len);
    free(mapping);
    mapping = NULL;
    if (pa > m->size || len > m->size - pa)
        return NULL;
    copy = malloc(len ? len : 1);
    memcpy(copy, m->data + pa, len);
    // The RSDP's two checksums, or a table's when the whole table is asked for.
    if (m->fix_checksums && pa == 0 && len >= ACPI_RSDP_V1_LEN) {
        settle(copy, ACPI_RSDP_V1_LEN, ACPI_RSDP_CHECKSUM);
        if (len > ACPI_RSDP_XCHECKSUM && len == rd32(copy + ACPI_RSDP_LENGTH))
            settle(copy, len, ACPI_RSDP_XCHECKSUM);
    } else if (m->fix_checksums && len >= ACPI_HDR_LEN && len == rd32(copy + ACPI_HDR_LENGTH)) {
        settle(copy, len, ACPI_HDR_CHECKSUM);
    }
    mapping = copy;
    return copy;
}

// Formats each line as the kernel would, checking only kprintf's
// conversions are used.
static void
log_line(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    size_t n;

    for (const char *f = fmt; *f; f++) {
        if (*f != '%')
            continue;
        if (*++f == '0')
            f++;
        while (*f >= '0' && *f <= '9')
            f++;
        expect(*f && strchr("sdcux%", *f));
    }
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    n = strlen(line);
    expect(n > 0 && line[n - 1] == '\n');
    nlines++;
}

static int
printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] >= 0x7f)
            return 0;
    return s[n] == '\0';
}

// Tables with this signature the parser accepted.
static int
accepted(const struct acpi_info *a, const char *sig)
{
    int n = 0;

    for (uint32_t i = 0; i < a->table_count; i++)
        n += a->table[i].status == ACPI_TABLE_OK && !memcmp(a->table[i].sig, sig, 4);
    return n;
}

static void
check(const uint8_t *data, size_t size, int fix_checksums)
{
    struct image m = { data, size, fix_checksums };
    struct acpi_info a;
    int rc, root_listed = 0;

    nlines = 0;
    rc = acpi_parse(0, map, &m, log_line, &a);
    free(mapping);
    mapping = NULL;

    expect(nlines <= MAX_LINES);
    expect((rc == 0) == (a.root != ACPI_ROOT_NONE));
    expect(rc == 0 || rc == -1);
    expect(printable(a.oem_id, 6) || a.oem_id[0] == '\0');
    expect(a.table_count <= ACPI_MAX_TABLES);
    for (uint32_t i = 0; i < a.table_count; i++) {
        const struct acpi_table *t = &a.table[i];

        expect(printable(t->sig, 4));
        expect(t->status <= ACPI_TABLE_DUPLICATE);
        if (t->status == ACPI_TABLE_OK || t->status == ACPI_TABLE_DUPLICATE ||
            t->status == ACPI_TABLE_REJECTED) {
            expect(t->length >= ACPI_HDR_LEN && t->length <= ACPI_MAX_TABLE_LEN);
            expect(t->pa <= size && t->length <= size - t->pa);
        }
        if (rc == 0 && t->pa == a.root_pa && t->status == ACPI_TABLE_OK &&
            !memcmp(t->sig, a.root == ACPI_ROOT_XSDT ? "XSDT" : "RSDT", 4))
            root_listed = 1;
    }
    expect(rc != 0 || root_listed);

    expect(accepted(&a, "FACP") == a.has_fadt);
    expect(accepted(&a, "APIC") == a.has_madt);
    expect(accepted(&a, "HPET") == a.has_hpet);
    expect(accepted(&a, "MCFG") == a.has_mcfg);
    if (a.has_fadt) {
        expect(a.pm_timer_bits == 24 || a.pm_timer_bits == 32);
        expect(a.i8042 <= ACPI_8042_PRESENT);
        expect(a.rtc_century == 0 || (a.rtc_century > 0x0d && a.rtc_century < 0x80));
    } else {
        expect(a.pm_timer_port == 0 && a.pm_timer_bits == 0 && a.i8042 == ACPI_8042_UNKNOWN);
    }
    expect(a.has_madt || (a.lapic_entries == 0 && a.ioapic_count == 0 && a.override_count == 0));
    expect(a.ioapic_count <= ACPI_MAX_IOAPICS && a.override_count <= ACPI_MAX_OVERRIDES);
    expect(a.cpus_enabled <= a.lapic_entries + a.x2apic_entries);
    if (a.has_hpet)
        expect(a.hpet_addr != 0 && a.hpet_comparators >= 1 && a.hpet_comparators <= 32);
    else
        expect(a.hpet_addr == 0);
    expect(a.ecam_count <= ACPI_MAX_ECAM && (a.has_mcfg || a.ecam_count == 0));
    for (uint32_t i = 0; i < a.ecam_count; i++)
        expect(a.ecam[i].bus_start <= a.ecam[i].bus_end);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size, 0);
    check(data, size, 1);
    return 0;
}

// The ACPI table parser (acpi.h).  Fields are assembled from single bytes,
// so an unaligned or short table never meets a wide load, and each read is
// checked against the length that was mapped for it.
#include "dev/acpi.h"

// What the parser carries from table to table.
struct parser {
    acpi_map_fn *map;
    void *ctx;
    acpi_log_fn *log;
    struct acpi_info *out;
};

// Parses one table whose header and checksum are right; returns its
// enum acpi_status, ACPI_TABLE_OK or ACPI_TABLE_REJECTED.
typedef int table_parser(struct parser *p, const struct acpi_table *t, const uint8_t *b,
                         uint32_t len);

static uint16_t
rd16(const uint8_t *b)
{
    return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t
rd32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t
rd64(const uint8_t *b)
{
    return rd32(b) | (uint64_t)rd32(b + 4) << 32;
}

// The halves of a 64-bit address, for "0x%08x%08x".
static uint32_t
hi(uint64_t v)
{
    return (uint32_t)(v >> 32);
}

static uint32_t
lo(uint64_t v)
{
    return (uint32_t)v;
}

static uint8_t
sum(const uint8_t *b, uint32_t len)
{
    uint8_t s = 0;

    for (uint32_t i = 0; i < len; i++)
        s = (uint8_t)(s + b[i]);
    return s;
}

static int
same(const uint8_t *b, const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (b[i] != (uint8_t)s[i])
            return 0;
    return 1;
}

// Copies n firmware characters into dst[n + 1] for the log, '?' for any
// byte that is not printable ASCII so that no control byte reaches it.
static void
printable(char *dst, const uint8_t *src, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
    dst[n] = '\0';
}

static const uint8_t *
map(struct parser *p, uint64_t pa, uint32_t len)
{
    // A range wrapping past the top of the address space is never mappable,
    // whatever the callback would make of it.
    if (pa > UINT64_MAX - len)
        return 0;
    return p->map(p->ctx, pa, len);
}

// Takes the next slot of the table list for the table at pa and checks its
// header, length and checksum.  Returns the table's bytes (valid until the
// next map) and sets *len, or returns 0 after logging why not.
static const uint8_t *
load(struct parser *p, uint64_t pa, uint32_t *len)
{
    struct acpi_table *t = &p->out->table[p->out->table_count++];
    const uint8_t *b = map(p, pa, ACPI_HDR_LEN);

    t->pa = pa;
    printable(t->sig, (const uint8_t *)"????", 4);
    if (!b) {
        t->status = ACPI_TABLE_UNMAPPABLE;
        p->log("acpi: table at 0x%08x%08x unmappable, ignored\n", hi(pa), lo(pa));
        return 0;
    }
    printable(t->sig, b, 4);
    t->length = rd32(b + ACPI_HDR_LENGTH);
    if (t->length < ACPI_HDR_LEN || t->length > ACPI_MAX_TABLE_LEN) {
        t->status = ACPI_TABLE_TRUNCATED;
        p->log("acpi: %s at 0x%08x%08x has length %u, out of bounds, ignored\n",
               t->sig, hi(pa), lo(pa), t->length);
        return 0;
    }
    b = map(p, pa, t->length);
    if (!b) {
        t->status = ACPI_TABLE_TRUNCATED;
        p->log("acpi: %s at 0x%08x%08x: its %u bytes run past mappable memory, ignored\n",
               t->sig, hi(pa), lo(pa), t->length);
        return 0;
    }
    if (sum(b, t->length) != 0) {
        t->status = ACPI_TABLE_BAD_CHECKSUM;
        p->log("acpi: %s at 0x%08x%08x bad checksum, ignored\n", t->sig, hi(pa), lo(pa));
        return 0;
    }
    *len = t->length;
    return b;
}

// Logs and returns 1 when a table is too short for the fields it must have.
static int
too_short(struct parser *p, const struct acpi_table *t, uint32_t len, uint32_t need)
{
    if (len >= need)
        return 0;
    p->log("acpi: %s at 0x%08x%08x has %u bytes, fewer than the %u it needs, ignored\n",
           t->sig, hi(t->pa), lo(t->pa), len, need);
    return 1;
}

// FADT: a short one is still read, as far as it goes, because an old FADT
// is short by design; whatever it does not reach counts as absent.
static int
parse_fadt(struct parser *p, const struct acpi_table *t, const uint8_t *b, uint32_t len)
{
    struct acpi_info *out = p->out;
    const uint8_t *xpm = b + ACPI_FADT_X_PM_TMR_BLK;
    uint64_t port = 0;

    if (len < ACPI_FADT_V1_LEN)
        p->log("acpi: FACP at 0x%08x%08x has %u bytes, fewer than ACPI 1.0's %u: "
               "the fields past its end count as absent\n",
               hi(t->pa), lo(t->pa), len, ACPI_FADT_V1_LEN);
    if (len >= ACPI_FADT_PM_TMR_BLK + 4)
        port = rd32(b + ACPI_FADT_PM_TMR_BLK);
    // The 64-bit field wins when it names an I/O port; a timer in memory
    // space is of no use to a port reader.
    if (len >= ACPI_FADT_X_PM_TMR_BLK + ACPI_GAS_LEN && xpm[ACPI_GAS_SPACE] == ACPI_GAS_IO &&
        rd64(xpm + ACPI_GAS_ADDR) != 0)
        port = rd64(xpm + ACPI_GAS_ADDR);
    if (port > 0xffff) {
        p->log("acpi: FACP at 0x%08x%08x puts the PM timer at port 0x%08x%08x, "
               "beyond the I/O space: no PM timer\n", hi(t->pa), lo(t->pa), hi(port), lo(port));
        port = 0;
    }
    out->pm_timer_port = (uint16_t)port;

    // The low 24 bits count on both kinds of timer: 24 is the safe answer.
    out->pm_timer_bits = 24;
    if (len >= ACPI_FADT_FLAGS + 4 && (rd32(b + ACPI_FADT_FLAGS) & ACPI_FADT_TMR_VAL_EXT))
        out->pm_timer_bits = 32;

    // Indexes 0-0x0d are the clock's own registers and CMOS RAM ends at
    // 0x7f; an index with bit 7 set would also mask NMIs through port 0x70.
    if (len > ACPI_FADT_CENTURY && b[ACPI_FADT_CENTURY] != 0) {
        if (b[ACPI_FADT_CENTURY] > 0x0d && b[ACPI_FADT_CENTURY] < 0x80)
            out->rtc_century = b[ACPI_FADT_CENTURY];
        else
            p->log("acpi: FACP at 0x%08x%08x: century index 0x%02x is not CMOS RAM, ignored\n",
                   hi(t->pa), lo(t->pa), (unsigned)b[ACPI_FADT_CENTURY]);
    }

    // IAPC_BOOT_ARCH is reserved (zero) in revision 1: zero would claim no 8042.
    if (b[ACPI_HDR_REVISION] < 2 || len < ACPI_FADT_BOOT_ARCH + 2)
        out->i8042 = ACPI_8042_UNKNOWN;
    else if (rd16(b + ACPI_FADT_BOOT_ARCH) & ACPI_BOOT_ARCH_8042)
        out->i8042 = ACPI_8042_PRESENT;
    else
        out->i8042 = ACPI_8042_ABSENT;
    return ACPI_TABLE_OK;
}

// Bytes an MADT entry of this type needs before its fields can be read.
static uint32_t
madt_entry_need(uint8_t type)
{
    switch (type) {
    case ACPI_MADT_LAPIC:        return 8;
    case ACPI_MADT_IOAPIC:       return 12;
    case ACPI_MADT_OVERRIDE:     return 10;
    case ACPI_MADT_LAPIC_ADDR64: return 12;
    case ACPI_MADT_X2APIC:       return 16;
    default:                     return 2;
    }
}

// MADT: an entry's length byte is checked before the entry is read and
// before it moves the walk on, so a zero length cannot stall it and a long
// one cannot leave the table.  Problems repeated over many entries are
// counted and logged once, so a hostile table cannot flood the log.
static int
parse_madt(struct parser *p, const struct acpi_table *t, const uint8_t *b, uint32_t len)
{
    struct acpi_info *out = p->out;
    uint32_t elen, short_entries = 0, first_short = 0, lost_ioapics = 0, lost_overrides = 0;

    if (too_short(p, t, len, ACPI_MADT_ENTRIES))
        return ACPI_TABLE_REJECTED;
    out->lapic_addr = rd32(b + ACPI_MADT_LAPIC_ADDR);
    out->pcat_compat = (rd32(b + ACPI_MADT_FLAGS) & ACPI_MADT_PCAT_COMPAT) != 0;
    for (uint32_t off = ACPI_MADT_ENTRIES; off < len; off += elen) {
        const uint8_t *e = b + off;
        uint32_t room = len - off;

        elen = room >= 2 ? e[1] : 0;
        if (elen < 2 || elen > room) {
            p->log("acpi: APIC at 0x%08x%08x: entry at offset %u has length %u and the table "
                   "ends at %u: the rest is ignored\n", hi(t->pa), lo(t->pa), off, elen, len);
            break;
        }
        if (elen < madt_entry_need(e[0])) {
            if (short_entries++ == 0)
                first_short = off;
            continue;
        }
        switch (e[0]) {
        case ACPI_MADT_LAPIC:
            out->lapic_entries++;
            out->cpus_enabled += (rd32(e + 4) & ACPI_MADT_ENABLED) != 0;
            break;
        case ACPI_MADT_X2APIC:
            out->x2apic_entries++;
            out->cpus_enabled += (rd32(e + 8) & ACPI_MADT_ENABLED) != 0;
            break;
        case ACPI_MADT_IOAPIC:
            if (out->ioapic_count == ACPI_MAX_IOAPICS) {
                lost_ioapics++;
                break;
            }
            out->ioapic[out->ioapic_count].id = e[2];
            out->ioapic[out->ioapic_count].addr = rd32(e + 4);
            out->ioapic[out->ioapic_count].gsi_base = rd32(e + 8);
            out->ioapic_count++;
            break;
        case ACPI_MADT_OVERRIDE:
            if (out->override_count == ACPI_MAX_OVERRIDES) {
                lost_overrides++;
                break;
            }
            out->override[out->override_count].bus = e[2];
            out->override[out->override_count].irq = e[3];
            out->override[out->override_count].gsi = rd32(e + 4);
            out->override[out->override_count].flags = rd16(e + 8);
            out->override_count++;
            break;
        case ACPI_MADT_LAPIC_ADDR64:
            out->lapic_addr = rd64(e + 4);
            break;
        }
    }
    if (short_entries)
        p->log("acpi: APIC at 0x%08x%08x: %u entries too short for their type, ignored "
               "(the first at offset %u)\n", hi(t->pa), lo(t->pa), short_entries, first_short);
    if (lost_ioapics)
        p->log("acpi: APIC at 0x%08x%08x: %u I/O APICs beyond the %u kept, ignored\n",
               hi(t->pa), lo(t->pa), lost_ioapics, ACPI_MAX_IOAPICS);
    if (lost_overrides)
        p->log("acpi: APIC at 0x%08x%08x: %u interrupt overrides beyond the %u kept, ignored\n",
               hi(t->pa), lo(t->pa), lost_overrides, ACPI_MAX_OVERRIDES);
    return ACPI_TABLE_OK;
}

static int
parse_hpet(struct parser *p, const struct acpi_table *t, const uint8_t *b, uint32_t len)
{
    struct acpi_info *out = p->out;
    const uint8_t *gas = b + ACPI_HPET_BASE;
    uint32_t id;

    if (too_short(p, t, len, ACPI_HPET_LEN))
        return ACPI_TABLE_REJECTED;
    if (gas[ACPI_GAS_SPACE] != ACPI_GAS_MEMORY || rd64(gas + ACPI_GAS_ADDR) == 0) {
        p->log("acpi: HPET at 0x%08x%08x: registers at 0x%08x%08x in address space %u, "
               "ignored: they must be at a nonzero system memory (0) address\n", hi(t->pa), lo(t->pa),
               hi(rd64(gas + ACPI_GAS_ADDR)), lo(rd64(gas + ACPI_GAS_ADDR)), gas[ACPI_GAS_SPACE]);
        return ACPI_TABLE_REJECTED;
    }
    id = rd32(b + ACPI_HPET_BLOCK_ID);
    out->hpet_addr = rd64(gas + ACPI_GAS_ADDR);
    out->hpet_block_id = id;
    out->hpet_comparators = (uint8_t)(((id >> 8) & 0x1f) + 1);
    out->hpet_min_tick = rd16(b + ACPI_HPET_MIN_TICK);
    return ACPI_TABLE_OK;
}

static int
parse_mcfg(struct parser *p, const struct acpi_table *t, const uint8_t *b, uint32_t len)
{
    struct acpi_info *out = p->out;
    uint32_t n, extra, backwards = 0, lost = 0;

    if (too_short(p, t, len, ACPI_MCFG_ENTRIES))
        return ACPI_TABLE_REJECTED;
    n = (len - ACPI_MCFG_ENTRIES) / ACPI_MCFG_ENTRY_LEN;
    extra = (len - ACPI_MCFG_ENTRIES) % ACPI_MCFG_ENTRY_LEN;
    if (extra)
        p->log("acpi: MCFG at 0x%08x%08x: %u bytes after the last whole entry, ignored\n",
               hi(t->pa), lo(t->pa), extra);
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *e = b + ACPI_MCFG_ENTRIES + i * ACPI_MCFG_ENTRY_LEN;
        struct acpi_ecam *w;

        if (e[10] > e[11]) {
            backwards++;
            continue;
        }
        if (out->ecam_count == ACPI_MAX_ECAM) {
            lost++;
            continue;
        }
        w = &out->ecam[out->ecam_count++];
        w->base = rd64(e);
        w->segment = rd16(e + 8);
        w->bus_start = e[10];
        w->bus_end = e[11];
    }
    if (backwards)
        p->log("acpi: MCFG at 0x%08x%08x: %u entries end below their start bus, ignored\n",
               hi(t->pa), lo(t->pa), backwards);
    if (lost)
        p->log("acpi: MCFG at 0x%08x%08x: %u ECAM windows beyond the %u kept, ignored\n",
               hi(t->pa), lo(t->pa), lost, ACPI_MAX_ECAM);
    return ACPI_TABLE_OK;
}

// Reads one table a root table lists.  The first valid copy of a table the
// parser knows is the one used; any later valid copy is marked a duplicate.
static void
read_table(struct parser *p, uint64_t pa)
{
    struct acpi_info *out = p->out;
    struct acpi_table *t = &out->table[out->table_count];
    const struct {
        const char *sig;
        uint8_t *seen;
        table_parser *parse;
    } known[] = {
        { "FACP", &out->has_fadt, parse_fadt },
        { "APIC", &out->has_madt, parse_madt },
        { "HPET", &out->has_hpet, parse_hpet },
        { "MCFG", &out->has_mcfg, parse_mcfg },
    };
    uint32_t len;
    const uint8_t *b = load(p, pa, &len);

    if (!b)
        return;
    for (uint32_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!same(b, known[i].sig, 4))
            continue;
        if (*known[i].seen) {
            t->status = ACPI_TABLE_DUPLICATE;
            p->log("acpi: %s at 0x%08x%08x is a second copy, ignored: the first one is used\n",
                   t->sig, hi(pa), lo(pa));
            return;
        }
        t->status = (uint8_t)known[i].parse(p, t, b, len);
        *known[i].seen = t->status == ACPI_TABLE_OK;
        return;
    }
}

// Reads a root table and then every table it lists.  Returns 0, or -1
// after logging why the root table is unusable.
static int
read_root(struct parser *p, uint64_t pa, int xsdt)
{
    struct acpi_info *out = p->out;
    struct acpi_table *t = &out->table[out->table_count];
    const char *sig = xsdt ? "XSDT" : "RSDT";
    uint32_t entry = xsdt ? 8 : 4;
    uint32_t len, n, room, first;
    const uint8_t *b = load(p, pa, &len);

    if (!b)
        return -1;
    if (!same(b, sig, 4)) {
        t->status = ACPI_TABLE_REJECTED;
        p->log("acpi: %s at 0x%08x%08x is a %s table, ignored\n", sig, hi(pa), lo(pa), t->sig);
        return -1;
    }
    out->root = xsdt ? ACPI_ROOT_XSDT : ACPI_ROOT_RSDT;
    out->root_pa = pa;
    n = (len - ACPI_HDR_LEN) / entry;
    if ((len - ACPI_HDR_LEN) % entry)
        p->log("acpi: %s at 0x%08x%08x: %u bytes after the last whole entry, ignored\n",
               sig, hi(pa), lo(pa), (len - ACPI_HDR_LEN) % entry);
    room = ACPI_MAX_TABLES - out->table_count;
    if (n > room) {
        p->log("acpi: %s at 0x%08x%08x lists %u tables, only the first %u are read\n",
               sig, hi(pa), lo(pa), n, room);
        n = room;
    }
    // The addresses go into the list before any table is read: reading a
    // table maps it, and the root table's mapping is then gone.
    first = out->table_count;
    for (uint32_t i = 0; i < n; i++)
        out->table[first + i].pa = xsdt ? rd64(b + ACPI_HDR_LEN + 8 * i)
                                        : rd32(b + ACPI_HDR_LEN + 4 * i);
    for (uint32_t i = 0; i < n; i++)
        read_table(p, out->table[first + i].pa);
    return 0;
}

// The XSDT address of an RSDP of revision >= 2, or 0 after logging why
// there is none to trust.
static uint64_t
xsdt_address(struct parser *p, uint64_t pa)
{
    const uint8_t *b = map(p, pa, ACPI_RSDP_V2_LEN);
    uint32_t len;
    uint64_t xsdt;

    if (!b) {
        p->log("acpi: RSDP at 0x%08x%08x: its revision 2 part is unmappable\n", hi(pa), lo(pa));
        return 0;
    }
    len = rd32(b + ACPI_RSDP_LENGTH);
    b = len >= ACPI_RSDP_V2_LEN && len <= ACPI_MAX_TABLE_LEN ? map(p, pa, len) : 0;
    if (!b) {
        p->log("acpi: RSDP at 0x%08x%08x: length %u unreadable\n", hi(pa), lo(pa), len);
        return 0;
    }
    if (sum(b, len) != 0) {
        p->log("acpi: RSDP at 0x%08x%08x: bad extended checksum\n", hi(pa), lo(pa));
        return 0;
    }
    xsdt = rd64(b + ACPI_RSDP_XSDT);
    if (xsdt == 0)
        p->log("acpi: RSDP at 0x%08x%08x: no XSDT address\n", hi(pa), lo(pa));
    return xsdt;
}

int
acpi_parse(uint64_t rsdp_pa, acpi_map_fn *map_fn, void *ctx, acpi_log_fn *log,
           struct acpi_info *out)
{
    struct parser p = { map_fn, ctx, log, out };
    const uint8_t *b;
    uint32_t rsdt;

    for (uint32_t i = 0; i < sizeof *out; i++)
        ((uint8_t *)out)[i] = 0;
    b = map(&p, rsdp_pa, ACPI_RSDP_V1_LEN);
    if (!b) {
        log("acpi: RSDP at 0x%08x%08x unmappable\n", hi(rsdp_pa), lo(rsdp_pa));
        return -1;
    }
    if (!same(b, ACPI_RSDP_SIGNATURE, 8)) {
        log("acpi: no RSDP signature at 0x%08x%08x\n", hi(rsdp_pa), lo(rsdp_pa));
        return -1;
    }
    if (sum(b, ACPI_RSDP_V1_LEN) != 0) {
        log("acpi: RSDP at 0x%08x%08x bad checksum\n", hi(rsdp_pa), lo(rsdp_pa));
        return -1;
    }
    out->revision = b[ACPI_RSDP_REVISION];
    printable(out->oem_id, b + ACPI_RSDP_OEM_ID, 6);
    rsdt = rd32(b + ACPI_RSDP_RSDT);

    if (out->revision >= 2) {
        uint64_t xsdt = xsdt_address(&p, rsdp_pa);

        if (xsdt && read_root(&p, xsdt, 1) == 0)
            return 0;
        log("acpi: no usable XSDT, trying the RSDT at 0x%08x\n", rsdt);
    }
    if (rsdt && read_root(&p, rsdt, 0) == 0)
        return 0;
    log("acpi: no usable root table\n");
    return -1;
}

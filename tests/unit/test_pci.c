// The pure parts of PCI (kernel/dev/pciscan.c): ECAM and mechanism 1
// address arithmetic, BAR decoding, and the scan and capability walk over a
// fake configuration space that logs every read (so the tests also see what
// was NOT read: functions 1-7 of a single-function device, buses twice).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "dev/pci.h"

// ---- the log, captured ---------------------------------------------------

static char logged[4096];

void kprintf(const char *fmt, ...)
{
    size_t used = strlen(logged);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(logged + used, sizeof(logged) - used, fmt, ap);
    va_end(ap);
}

// ---- a fake configuration space ------------------------------------------

#define FAKE_FUNCTIONS      32
#define FAKE_READS          100000

struct fake_fn {
    uint8_t  bus, dev, fn;
    int      mirror;                     // answers for functions 1-7 too (no multifunction bit)
    uint32_t cfg[64];                    // the first 256 bytes
};

static struct fake_fn fake[FAKE_FUNCTIONS];
static int nfake;
static uint32_t fake_default;            // what an unknown location reads
static int reads;
static struct { uint8_t bus, dev, fn; uint32_t reg; } read_log[FAKE_READS];

static int setup(void **state)
{
    (void)state;
    memset(fake, 0, sizeof(fake));
    nfake = 0;
    fake_default = 0xFFFFFFFF;
    reads = 0;
    logged[0] = '\0';
    return 0;
}

static uint32_t fake_read(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t reg)
{
    assert_true(reads < FAKE_READS);
    assert_int_equal(reg % 4, 0);
    read_log[reads].bus = bus;
    read_log[reads].dev = dev;
    read_log[reads].fn = fn;
    read_log[reads].reg = reg;
    reads++;
    for (int i = 0; i < nfake; i++) {
        struct fake_fn *f = &fake[i];
        if (f->bus == bus && f->dev == dev && (f->fn == fn || f->mirror))
            return reg < sizeof(f->cfg) ? f->cfg[reg / 4] : 0xFFFFFFFF;
    }
    return fake_default;
}

// How many reads reached bus:dev.fn at reg (any reg when reg is -1).
static int reads_of(int bus, int dev, int fn, int64_t reg)
{
    int n = 0;

    for (int i = 0; i < reads; i++)
        if (read_log[i].bus == bus && read_log[i].dev == dev && read_log[i].fn == fn &&
            (reg < 0 || read_log[i].reg == reg))
            n++;
    return n;
}

// class24: class << 16 | subclass << 8 | prog-if.
static struct fake_fn *add(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t vendor, uint16_t device,
                           uint32_t class24, uint8_t header)
{
    struct fake_fn *f = &fake[nfake++];

    assert_true(nfake <= FAKE_FUNCTIONS);
    f->bus = bus;
    f->dev = dev;
    f->fn = fn;
    f->cfg[PCI_ID / 4] = (uint32_t)device << 16 | vendor;
    f->cfg[PCI_CLASS / 4] = class24 << 8 | 0x02;   // revision 2
    f->cfg[PCI_HEADER / 4] = (uint32_t)header << 16;
    return f;
}

static struct fake_fn *add_bridge(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t secondary,
                                  uint8_t subordinate)
{
    struct fake_fn *f = add(bus, dev, fn, 0x1B36, 0x000C, 0x060400, PCI_HEADER_BRIDGE);

    f->cfg[PCI_BRIDGE_BUSES / 4] = (uint32_t)subordinate << 16 | (uint32_t)secondary << 8 | bus;
    return f;
}

static void set_bar(struct fake_fn *f, int i, uint32_t raw)
{
    f->cfg[PCI_BAR0 / 4 + i] = raw;
}

// ---- address arithmetic --------------------------------------------------

static void ecam_offsets(void **state)
{
    (void)state;
    assert_int_equal(pci_ecam_offset(0, 0, 0, 0), 0);
    assert_int_equal(pci_ecam_offset(1, 0, 0, 0), 0x00100000);
    assert_int_equal(pci_ecam_offset(0, 3, 0, 0), 0x00018000);
    assert_int_equal(pci_ecam_offset(0, 0, 1, 0), 0x00001000);
    assert_int_equal(pci_ecam_offset(0, 0, 0, 0x100), 0x100);   // the extended space
    assert_int_equal(pci_ecam_offset(0x12, 0x1F, 7, 0x34), 0x012FF034);
    assert_int_equal(pci_ecam_offset(255, 31, 7, 0xFFC), 0x0FFFFFFC);
    // Out-of-range parts cannot spill into their neighbours.
    assert_int_equal(pci_ecam_offset(0, 0, 0, 0x1002), 0);
    assert_int_equal(pci_ecam_offset(0, 33, 9, 0), 0x00009000);
}

static void mechanism1_addresses(void **state)
{
    (void)state;
    assert_int_equal(pci_cam_address(0, 0, 0, 0), 0x80000000);
    assert_int_equal(pci_cam_address(0, 3, 0, 0x10), 0x80001810);
    assert_int_equal(pci_cam_address(1, 0, 2, 0x08), 0x80010208);
    assert_int_equal(pci_cam_address(0xAB, 31, 7, 0xFC), 0x80ABFFFC);
    // Past byte 255, or unaligned: the register field only.
    assert_int_equal(pci_cam_address(0, 0, 0, 0x104), 0x80000004);
    assert_int_equal(pci_cam_address(0, 0, 0, 0x13), 0x80000010);
    assert_int_equal(pci_cam_address(0, 32, 8, 0), 0x80000000);
}

// ---- BARs ---------------------------------------------------------------

static void check_bar(const uint32_t *raw, int count, int i, int next, int kind, int prefetch,
                      uint64_t base)
{
    struct pci_bar bar = { 0xEE, 0xEE, 0xEEEE };

    assert_int_equal(pci_decode_bar(raw, count, i, &bar), next);
    assert_int_equal(bar.kind, kind);
    assert_int_equal(bar.prefetch, prefetch);
    assert_int_equal(bar.base, base);
}

static void bar_memory_32(void **state)
{
    (void)state;
    const uint32_t raw[] = { 0xFEBF0000, 0xC0000008, 0x000E0002, 0xFEBF100F };
    check_bar(raw, 4, 0, 1, PCI_BAR_MEM32, 0, 0xFEBF0000);
    check_bar(raw, 4, 1, 2, PCI_BAR_MEM32, 1, 0xC0000000);
    // PCI 2.x "below 1 MiB": still a 32-bit address.
    check_bar(raw, 4, 2, 3, PCI_BAR_MEM32, 0, 0x000E0000);
    // Bits 0-3 are flags, not address.
    check_bar(raw, 1, 0, 1, PCI_BAR_MEM32, 0, 0xFEBF0000);
}

static void bar_memory_64(void **state)
{
    (void)state;
    // qemu-xhci under OVMF: non-prefetchable, above 4 GiB.
    const uint32_t xhci[6] = { 0x00000004, 0x000000E0 };
    check_bar(xhci, 6, 0, 2, PCI_BAR_MEM64, 0, 0xE000000000ull);
    // Prefetchable, in slots 2-3, with low bits in both halves.
    const uint32_t gpu[6] = { 0xFD000000, 0, 0x8000000C, 0x00000008, 0, 0 };
    check_bar(gpu, 6, 2, 4, PCI_BAR_MEM64, 1, 0x880000000ull);
    // Below 4 GiB in a 64-bit BAR (behind a root port).
    const uint32_t low[6] = { 0xFEA00004, 0 };
    check_bar(low, 6, 0, 2, PCI_BAR_MEM64, 0, 0xFEA00000);
}

static void bar_64_bit_in_the_last_slot_is_malformed(void **state)
{
    (void)state;
    const uint32_t raw[6] = { 0, 0, 0, 0, 0, 0xE0000004 };
    check_bar(raw, 6, 5, 6, PCI_BAR_BAD, 0, 0);
    // A bridge has two slots: its second cannot start a 64-bit BAR.
    const uint32_t bridge[2] = { 0xFE000000, 0xFE100004 };
    check_bar(bridge, 2, 1, 2, PCI_BAR_BAD, 0, 0);
}

static void bar_reserved_memory_type_is_malformed(void **state)
{
    (void)state;
    const uint32_t raw[2] = { 0xFE000006, 0x00000001 };
    check_bar(raw, 2, 0, 1, PCI_BAR_BAD, 0, 0);
}

static void bar_io(void **state)
{
    (void)state;
    const uint32_t raw[] = { 0x0000C001, 0x0000C043, 0x0000C00D };
    check_bar(raw, 3, 0, 1, PCI_BAR_IO, 0, 0xC000);
    // Bit 1 is reserved; bits 2-3 are address in I/O space.
    check_bar(raw, 3, 1, 2, PCI_BAR_IO, 0, 0xC040);
    check_bar(raw, 3, 2, 3, PCI_BAR_IO, 0, 0xC00C);
}

static void bar_unassigned(void **state)
{
    (void)state;
    const uint32_t raw[6] = { 0, 0x00000001, 0x00000008, 0x00000004, 0, 0x0000000C };
    check_bar(raw, 6, 0, 1, PCI_BAR_NONE, 0, 0);
    check_bar(raw, 6, 1, 2, PCI_BAR_NONE, 0, 0);
    check_bar(raw, 6, 2, 3, PCI_BAR_NONE, 0, 0);
    // An unassigned 64-bit BAR still takes both slots.
    check_bar(raw, 6, 3, 5, PCI_BAR_NONE, 0, 0);
    // ... and in the last slot is still malformed.
    check_bar(raw, 6, 5, 6, PCI_BAR_BAD, 0, 0);
}

static void bar_index_out_of_range(void **state)
{
    (void)state;
    const uint32_t raw[6] = { 0xFEBF0000 };
    check_bar(raw, 6, 6, 6, PCI_BAR_NONE, 0, 0);
    check_bar(raw, 6, -1, 6, PCI_BAR_NONE, 0, 0);
    check_bar(raw, 0, 0, 0, PCI_BAR_NONE, 0, 0);
}

// ---- the scan -----------------------------------------------------------

// A q35-like machine: host bridge, display, a root port with a sound card
// behind it, the xHCI controller, a single-function device that answers as
// itself for every function number, and an ICH9-like multifunction device
// with function 1 absent.  Bus 3 exists but no bridge leads to it.
static void build_machine(void)
{
    struct fake_fn *f;

    add(0, 0, 0, 0x8086, 0x29C0, 0x060000, PCI_HEADER_DEVICE);
    f = add(0, 1, 0, 0x1234, 0x1111, 0x030000, PCI_HEADER_DEVICE);
    set_bar(f, 0, 0xC0000008);
    set_bar(f, 2, 0xC1000000);
    f = add_bridge(0, 2, 0, 1, 1);
    set_bar(f, 0, 0xC1001000);
    f = add(0, 3, 0, 0x1B36, 0x000D, 0x0C0330, PCI_HEADER_DEVICE);
    set_bar(f, 0, 0x00000004);
    set_bar(f, 1, 0x000000E0);
    f = add(0, 5, 0, 0x1AF4, 0x1000, 0x020000, PCI_HEADER_DEVICE);
    f->mirror = 1;
    add(0, 0x1F, 0, 0x8086, 0x2918, 0x060100, PCI_HEADER_DEVICE | PCI_HEADER_MULTI);
    f = add(0, 0x1F, 2, 0x8086, 0x2922, 0x010601, PCI_HEADER_DEVICE);
    set_bar(f, 4, 0x0000D001);
    set_bar(f, 5, 0xC1002000);
    add(0, 0x1F, 3, 0x8086, 0x2930, 0x0C0500, PCI_HEADER_DEVICE);
    f = add(1, 0, 0, 0x8086, 0x293E, 0x040300, PCI_HEADER_DEVICE);
    set_bar(f, 0, 0xFE800000);
    add(3, 0, 0, 0x8086, 0x10D3, 0x020000, PCI_HEADER_DEVICE);
}

static void check_device(const struct pci_device *d, int bus, int dev, int fn, uint16_t vendor,
                         uint16_t device, uint32_t class24, int header, int bars)
{
    assert_int_equal(d->bus, bus);
    assert_int_equal(d->dev, dev);
    assert_int_equal(d->fn, fn);
    assert_int_equal(d->vendor, vendor);
    assert_int_equal(d->device, device);
    assert_int_equal(d->class, class24 >> 16);
    assert_int_equal(d->subclass, class24 >> 8 & 0xFF);
    assert_int_equal(d->progif, class24 & 0xFF);
    assert_int_equal(d->header, header);
    assert_int_equal(d->bars, bars);
}

static void scan_finds_every_function_through_the_bridges(void **state)
{
    (void)state;
    struct pci_device table[PCI_MAX_DEVICES];

    build_machine();
    assert_int_equal(pci_scan(fake_read, 0, 255, table, PCI_MAX_DEVICES), 9);
    check_device(&table[0], 0, 0, 0, 0x8086, 0x29C0, 0x060000, PCI_HEADER_DEVICE, 6);
    check_device(&table[1], 0, 1, 0, 0x1234, 0x1111, 0x030000, PCI_HEADER_DEVICE, 6);
    check_device(&table[2], 0, 2, 0, 0x1B36, 0x000C, 0x060400, PCI_HEADER_BRIDGE, 2);
    check_device(&table[3], 0, 3, 0, 0x1B36, 0x000D, 0x0C0330, PCI_HEADER_DEVICE, 6);
    check_device(&table[4], 0, 5, 0, 0x1AF4, 0x1000, 0x020000, PCI_HEADER_DEVICE, 6);
    check_device(&table[5], 0, 0x1F, 0, 0x8086, 0x2918, 0x060100, PCI_HEADER_DEVICE, 6);
    check_device(&table[6], 0, 0x1F, 2, 0x8086, 0x2922, 0x010601, PCI_HEADER_DEVICE, 6);
    check_device(&table[7], 0, 0x1F, 3, 0x8086, 0x2930, 0x0C0500, PCI_HEADER_DEVICE, 6);
    check_device(&table[8], 1, 0, 0, 0x8086, 0x293E, 0x040300, PCI_HEADER_DEVICE, 6);
}

static void scan_decodes_the_bars(void **state)
{
    (void)state;
    struct pci_device table[PCI_MAX_DEVICES];

    build_machine();
    assert_int_equal(pci_scan(fake_read, 0, 255, table, PCI_MAX_DEVICES), 9);
    const struct pci_device *vga = &table[1], *port = &table[2], *xhci = &table[3];
    const struct pci_device *sata = &table[6];
    assert_int_equal(vga->bar[0].kind, PCI_BAR_MEM32);
    assert_int_equal(vga->bar[0].prefetch, 1);
    assert_int_equal(vga->bar[0].base, 0xC0000000);
    assert_int_equal(vga->bar[1].kind, PCI_BAR_NONE);
    assert_int_equal(vga->bar[2].kind, PCI_BAR_MEM32);
    assert_int_equal(vga->bar[2].base, 0xC1000000);
    assert_int_equal(port->bar[0].kind, PCI_BAR_MEM32);
    assert_int_equal(port->bar[0].base, 0xC1001000);
    // A bridge's BARs stop at 2: the bus numbers at 0x18 are no BAR.
    assert_int_equal(port->bar[2].kind, PCI_BAR_NONE);
    assert_int_equal(port->bar_raw[2], 0);
    assert_int_equal(xhci->bar[0].kind, PCI_BAR_MEM64);
    assert_int_equal(xhci->bar[0].base, 0xE000000000ull);
    assert_int_equal(xhci->bar[1].kind, PCI_BAR_NONE);
    assert_int_equal(xhci->bar_raw[0], 0x00000004);
    assert_int_equal(xhci->bar_raw[1], 0x000000E0);
    assert_int_equal(sata->bar[4].kind, PCI_BAR_IO);
    assert_int_equal(sata->bar[4].base, 0xD000);
    assert_int_equal(sata->bar[5].kind, PCI_BAR_MEM32);
    assert_int_equal(sata->bar[5].base, 0xC1002000);
}

static void scan_asks_functions_1_to_7_only_of_multifunction_devices(void **state)
{
    (void)state;
    struct pci_device table[PCI_MAX_DEVICES];

    build_machine();
    pci_scan(fake_read, 0, 255, table, PCI_MAX_DEVICES);
    for (int fn = 1; fn < PCI_FUNCTIONS; fn++) {
        assert_int_equal(reads_of(0, 5, fn, -1), 0);   // the mirroring one
        assert_int_equal(reads_of(0, 3, fn, -1), 0);
        assert_int_equal(reads_of(0, 0x1F, fn, PCI_ID), 1);
    }
    // The absent function 1 was asked its ID and nothing more.
    assert_int_equal(reads_of(0, 0x1F, 1, -1), 1);
    // An absent device: only function 0's ID.
    assert_int_equal(reads_of(0, 4, 0, -1), 1);
    assert_int_equal(reads_of(0, 4, 1, -1), 0);
}

static void scan_reaches_only_buses_behind_bridges(void **state)
{
    (void)state;
    struct pci_device table[PCI_MAX_DEVICES];

    build_machine();
    pci_scan(fake_read, 0, 255, table, PCI_MAX_DEVICES);
    for (int i = 0; i < reads; i++) {
        assert_true(read_log[i].bus <= 1);
    }
    // Bus 1 once: 32 devices' function 0 IDs, then its one device's details.
    assert_int_equal(reads_of(1, 7, 0, PCI_ID), 1);
}

static void scan_keeps_to_the_bus_range(void **state)
{
    (void)state;
    struct pci_device table[PCI_MAX_DEVICES];

    build_machine();
    assert_int_equal(pci_scan(fake_read, 0, 0, table, PCI_MAX_DEVICES), 8);
    for (int i = 0; i < reads; i++)
        assert_int_equal(read_log[i].bus, 0);
    // A range that starts at bus 1 (an MCFG window from 1 on).
    reads = 0;
    assert_int_equal(pci_scan(fake_read, 1, 255, table, PCI_MAX_DEVICES), 1);
    check_device(&table[0], 1, 0, 0, 0x8086, 0x293E, 0x040300, PCI_HEADER_DEVICE, 6);
    // An empty range.
    reads = 0;
    assert_int_equal(pci_scan(fake_read, 5, 4, table, PCI_MAX_DEVICES), 0);
    assert_int_equal(reads, 0);
}

static void scan_visits_each_bus_once_whatever_the_bridges_say(void **state)
{
    (void)state;
    struct pci_device table[PCI_MAX_DEVICES];

    // Bus 0 -> 1 -> 2, and bridges on 1 and 2 pointing back at 0, at 1,
    // at themselves, and out of range.
    add_bridge(0, 0, 0, 1, 2);
    add_bridge(1, 0, 0, 2, 2);
    add_bridge(1, 1, 0, 0, 0);
    add_bridge(2, 0, 0, 1, 1);
    add_bridge(2, 1, 0, 2, 2);
    add_bridge(2, 2, 0, 200, 200);
    assert_int_equal(pci_scan(fake_read, 0, 100, table, PCI_MAX_DEVICES), 6);
    for (int bus = 0; bus <= 2; bus++)
        assert_int_equal(reads_of(bus, 31, 0, PCI_ID), 1);
    for (int i = 0; i < reads; i++)
        assert_true(read_log[i].bus <= 2);
}

static void scan_fills_the_table_up_to_its_size_and_counts_the_rest(void **state)
{
    (void)state;
    struct pci_device table[4];

    build_machine();
    memset(table, 0xA5, sizeof(table));
    assert_int_equal(pci_scan(fake_read, 0, 255, table, 3), 9);
    check_device(&table[2], 0, 2, 0, 0x1B36, 0x000C, 0x060400, PCI_HEADER_BRIDGE, 2);
    assert_int_equal(table[3].vendor, 0xA5A5);
    // The bridge past the table's end is still followed.
    assert_int_equal(reads_of(1, 0, 0, PCI_ID), 1);
}

static void scan_finds_nothing_in_space_of_all_ones_or_all_zeros(void **state)
{
    (void)state;
    struct pci_device table[PCI_MAX_DEVICES];

    assert_int_equal(pci_scan(fake_read, 0, 255, table, PCI_MAX_DEVICES), 0);
    assert_int_equal(reads, PCI_DEVICES);
    // A wrong ECAM base pointing at RAM: zeros everywhere.
    fake_default = 0;
    reads = 0;
    assert_int_equal(pci_scan(fake_read, 0, 255, table, PCI_MAX_DEVICES), 0);
    assert_int_equal(reads, PCI_DEVICES);
}

static void scan_records_no_bars_for_other_header_types(void **state)
{
    (void)state;
    struct pci_device table[PCI_MAX_DEVICES];
    struct fake_fn *f = add(0, 0, 0, 0x104C, 0xAC50, 0x060700, 2);   // a CardBus bridge

    set_bar(f, 0, 0xFE000000);
    assert_int_equal(pci_scan(fake_read, 0, 255, table, PCI_MAX_DEVICES), 1);
    check_device(&table[0], 0, 0, 0, 0x104C, 0xAC50, 0x060700, 2, 0);
    assert_int_equal(table[0].bar[0].kind, PCI_BAR_NONE);
    assert_int_equal(table[0].bar_raw[0], 0);
}

// ---- capabilities --------------------------------------------------------

// The only function: one with a capability list, entries given as
// (offset, id, next).
static struct pci_device with_caps(uint32_t first, const uint8_t (*list)[3], int n)
{
    struct fake_fn *f;

    memset(fake, 0, sizeof(fake));
    nfake = 0;
    f = add(0, 4, 0, 0x1B36, 0x000D, 0x0C0330, PCI_HEADER_DEVICE);
    struct pci_device d = { .bus = 0, .dev = 4, .fn = 0, .header = PCI_HEADER_DEVICE };

    f->cfg[PCI_COMMAND / 4] = (uint32_t)PCI_STATUS_CAPS << 16;
    f->cfg[PCI_CAP_POINTER / 4] = first;
    for (int i = 0; i < n; i++)
        f->cfg[list[i][0] / 4] = (uint32_t)list[i][2] << 8 | list[i][1];
    return d;
}

static void capability_found(void **state)
{
    (void)state;
    static const uint8_t list[][3] = { { 0x40, 0x05, 0x50 }, { 0x50, 0x01, 0x60 }, { 0x60, 0x11, 0 } };
    struct pci_device d = with_caps(0x40, list, 3);

    assert_int_equal(pci_walk_capabilities(fake_read, &d, 0x05), 0x40);
    assert_int_equal(pci_walk_capabilities(fake_read, &d, PCI_CAP_PM), 0x50);
    assert_int_equal(pci_walk_capabilities(fake_read, &d, 0x11), 0x60);
    assert_int_equal(pci_walk_capabilities(fake_read, &d, 0x10), 0);
    assert_string_equal(logged, "");
}

static void capability_list_absent_without_the_status_bit(void **state)
{
    (void)state;
    static const uint8_t list[][3] = { { 0x40, 0x01, 0 } };
    struct pci_device d = with_caps(0x40, list, 1);

    fake[0].cfg[PCI_COMMAND / 4] = 0;
    assert_int_equal(pci_walk_capabilities(fake_read, &d, PCI_CAP_PM), 0);
    assert_int_equal(reads_of(0, 4, 0, 0x40), 0);
}

static void capability_pointer_low_bits_are_masked(void **state)
{
    (void)state;
    static const uint8_t list[][3] = { { 0x40, 0x09, 0x53 }, { 0x50, 0x01, 0 } };
    struct pci_device d = with_caps(0x43, list, 2);

    assert_int_equal(pci_walk_capabilities(fake_read, &d, PCI_CAP_PM), 0x50);
}

static void capability_pointer_into_the_header_is_refused(void **state)
{
    (void)state;
    // The first pointer at the BARs, whose dword would read as id 0x04.
    static const uint8_t first[][3] = { { 0x10, 0x01, 0 } };
    struct pci_device d = with_caps(0x10, first, 1);

    assert_int_equal(pci_walk_capabilities(fake_read, &d, PCI_CAP_PM), 0);
    assert_int_equal(reads_of(0, 4, 0, 0x10), 0);
    assert_string_equal(logged,
        "pci: 00:04.0 capability pointer 0x10 points into the header, list ignored\n");
}

static void capability_next_pointer_into_the_header_is_refused(void **state)
{
    (void)state;
    static const uint8_t list[][3] = { { 0x40, 0x05, 0x3C }, { 0x3C, 0x01, 0 } };
    struct pci_device d = with_caps(0x40, list, 2);

    assert_int_equal(pci_walk_capabilities(fake_read, &d, PCI_CAP_PM), 0);
    assert_string_equal(logged,
        "pci: 00:04.0 capability pointer 0x3c points into the header, list ignored\n");
    // Reserved bits masked to 0 is a pointer into the header too.
    logged[0] = '\0';
    static const uint8_t two[][3] = { { 0x40, 0x05, 0x02 } };
    d = with_caps(0x40, two, 1);
    assert_int_equal(pci_walk_capabilities(fake_read, &d, PCI_CAP_PM), 0);
    assert_string_equal(logged,
        "pci: 00:04.0 capability pointer 0x02 points into the header, list ignored\n");
}

static void capability_loop_is_bounded(void **state)
{
    (void)state;
    static const uint8_t list[][3] = { { 0x40, 0x05, 0x48 }, { 0x48, 0x09, 0x40 } };
    struct pci_device d = with_caps(0x40, list, 2);

    assert_int_equal(pci_walk_capabilities(fake_read, &d, PCI_CAP_PM), 0);
    assert_int_equal(reads_of(0, 4, 0, 0x40) + reads_of(0, 4, 0, 0x48), PCI_CAP_MAX_HOPS);
    assert_string_equal(logged,
        "pci: 00:04.0 capability list longer than 48 entries (a loop), ignored\n");
    // A capability pointing at itself.
    logged[0] = '\0';
    static const uint8_t self[][3] = { { 0xFC, 0x05, 0xFC } };
    d = with_caps(0xFC, self, 1);
    assert_int_equal(pci_walk_capabilities(fake_read, &d, PCI_CAP_PM), 0);
    assert_string_equal(logged,
        "pci: 00:04.0 capability list longer than 48 entries (a loop), ignored\n");
}

static void capability_list_of_48_entries_is_walked_to_its_end(void **state)
{
    (void)state;
    uint8_t list[PCI_CAP_MAX_HOPS][3];

    // Every dword from 0x40 to 0xFC, the last one the power management one.
    for (int i = 0; i < PCI_CAP_MAX_HOPS; i++) {
        list[i][0] = 0x40 + 4 * i;
        list[i][1] = i == PCI_CAP_MAX_HOPS - 1 ? PCI_CAP_PM : 0x09;
        list[i][2] = i == PCI_CAP_MAX_HOPS - 1 ? 0 : 0x40 + 4 * (i + 1);
    }
    struct pci_device d = with_caps(0x40, (const uint8_t (*)[3])list, PCI_CAP_MAX_HOPS);
    assert_int_equal(pci_walk_capabilities(fake_read, &d, PCI_CAP_PM), 0xFC);
    assert_int_equal(pci_walk_capabilities(fake_read, &d, 0x10), 0);
    assert_string_equal(logged, "");
}

static void capability_list_of_a_cardbus_bridge_is_not_walked(void **state)
{
    (void)state;
    static const uint8_t list[][3] = { { 0x40, 0x01, 0 } };
    struct pci_device d = with_caps(0x40, list, 1);

    d.header = 2;
    assert_int_equal(pci_walk_capabilities(fake_read, &d, PCI_CAP_PM), 0);
    assert_int_equal(reads, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(ecam_offsets, setup),
        cmocka_unit_test_setup(mechanism1_addresses, setup),
        cmocka_unit_test_setup(bar_memory_32, setup),
        cmocka_unit_test_setup(bar_memory_64, setup),
        cmocka_unit_test_setup(bar_64_bit_in_the_last_slot_is_malformed, setup),
        cmocka_unit_test_setup(bar_reserved_memory_type_is_malformed, setup),
        cmocka_unit_test_setup(bar_io, setup),
        cmocka_unit_test_setup(bar_unassigned, setup),
        cmocka_unit_test_setup(bar_index_out_of_range, setup),
        cmocka_unit_test_setup(scan_finds_every_function_through_the_bridges, setup),
        cmocka_unit_test_setup(scan_decodes_the_bars, setup),
        cmocka_unit_test_setup(scan_asks_functions_1_to_7_only_of_multifunction_devices, setup),
        cmocka_unit_test_setup(scan_reaches_only_buses_behind_bridges, setup),
        cmocka_unit_test_setup(scan_keeps_to_the_bus_range, setup),
        cmocka_unit_test_setup(scan_visits_each_bus_once_whatever_the_bridges_say, setup),
        cmocka_unit_test_setup(scan_fills_the_table_up_to_its_size_and_counts_the_rest, setup),
        cmocka_unit_test_setup(scan_finds_nothing_in_space_of_all_ones_or_all_zeros, setup),
        cmocka_unit_test_setup(scan_records_no_bars_for_other_header_types, setup),
        cmocka_unit_test_setup(capability_found, setup),
        cmocka_unit_test_setup(capability_list_absent_without_the_status_bit, setup),
        cmocka_unit_test_setup(capability_pointer_low_bits_are_masked, setup),
        cmocka_unit_test_setup(capability_pointer_into_the_header_is_refused, setup),
        cmocka_unit_test_setup(capability_next_pointer_into_the_header_is_refused, setup),
        cmocka_unit_test_setup(capability_loop_is_bounded, setup),
        cmocka_unit_test_setup(capability_list_of_48_entries_is_walked_to_its_end, setup),
        cmocka_unit_test_setup(capability_list_of_a_cardbus_bridge_is_not_walked, setup),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}

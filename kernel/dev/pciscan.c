// The pure parts of PCI (dev/pci.h): address arithmetic, BAR decoding, the
// scan of the buses and the capability walk.  They read configuration space
// only through the function they are given, so host tests feed them a fake
// one; every loop is bounded by the bus, device and function counts or by
// PCI_CAP_MAX_HOPS, whatever the devices answer.
#include <stdint.h>

#include "dev/pci.h"
#include "lib/kprintf.h"

uint32_t pci_ecam_offset(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t reg)
{
    return (uint32_t)bus << PCI_ECAM_BUS_SHIFT | (uint32_t)(dev % PCI_DEVICES) << PCI_ECAM_DEV_SHIFT |
           (uint32_t)(fn % PCI_FUNCTIONS) << PCI_ECAM_FN_SHIFT | (reg & (PCI_ECAM_SPACE - 4));
}

uint32_t pci_cam_address(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t reg)
{
    return PCI_CAM_ENABLE | (uint32_t)bus << 16 | (uint32_t)(dev % PCI_DEVICES) << 11 |
           (uint32_t)(fn % PCI_FUNCTIONS) << 8 | (reg & (PCI_CAM_SPACE - 4));
}

int pci_decode_bar(const uint32_t *raw, int count, int i, struct pci_bar *bar)
{
    int next = i + 1;

    *bar = (struct pci_bar){ PCI_BAR_NONE, 0, 0 };
    if (i < 0 || i >= count)
        return count;
    if (raw[i] & PCI_BAR_IO_SPACE) {
        bar->kind = PCI_BAR_IO;
        bar->base = raw[i] & PCI_BAR_IO_MASK;
    } else {
        switch (raw[i] & PCI_BAR_MEM_TYPE) {
        case PCI_BAR_MEM_32:
        case PCI_BAR_MEM_1M:
            bar->kind = PCI_BAR_MEM32;
            bar->base = raw[i] & PCI_BAR_MEM_MASK;
            break;
        case PCI_BAR_MEM_64:
            // Its upper half would be the next header register, not a BAR.
            if (i + 1 >= count) {
                bar->kind = PCI_BAR_BAD;
                return next;
            }
            bar->kind = PCI_BAR_MEM64;
            bar->base = (uint64_t)raw[i + 1] << 32 | (raw[i] & PCI_BAR_MEM_MASK);
            next = i + 2;
            break;
        default:
            bar->kind = PCI_BAR_BAD;
            return next;
        }
        bar->prefetch = (raw[i] & PCI_BAR_PREFETCH) != 0;
    }
    // Firmware left it unassigned (or it is unimplemented): nothing to reach.
    if (bar->base == 0)
        *bar = (struct pci_bar){ PCI_BAR_NONE, 0, 0 };
    return next;
}

// 0xFFFF is what nothing answering reads; 0 is no vendor's either, and is
// what a wrong ECAM base pointing at RAM would read for every function.
static int absent(uint32_t id)
{
    uint16_t vendor = id & 0xFFFF;

    return vendor == PCI_VENDOR_NONE || vendor == 0;
}

static uint8_t header_type(pci_read_fn *read, uint8_t bus, uint8_t dev, uint8_t fn)
{
    return read(bus, dev, fn, PCI_HEADER) >> 16 & 0xFF;
}

static void record(pci_read_fn *read, uint8_t bus, uint8_t dev, uint8_t fn, uint32_t id,
                   uint8_t type, struct pci_device *d)
{
    uint32_t class = read(bus, dev, fn, PCI_CLASS);

    *d = (struct pci_device){
        .bus = bus, .dev = dev, .fn = fn,
        .vendor = id & 0xFFFF, .device = id >> 16,
        .class = class >> 24, .subclass = class >> 16 & 0xFF, .progif = class >> 8 & 0xFF,
        .header = type,
        .bars = type == PCI_HEADER_DEVICE ? PCI_MAX_BARS : type == PCI_HEADER_BRIDGE ? PCI_BRIDGE_BARS : 0,
    };
    for (int i = 0; i < d->bars; i++)
        d->bar_raw[i] = read(bus, dev, fn, PCI_BAR0 + 4 * i);
    for (int i = 0; i < d->bars;)
        i = pci_decode_bar(d->bar_raw, d->bars, i, &d->bar[i]);
}

// Breadth first from bus_start, through the secondary bus numbers that the
// firmware gave each bridge: only buses that exist are touched (each one
// costs an ECAM mapping), and a bus is queued once, so a bridge pointing
// back at its own bus or at one already seen cannot make the scan loop.
int pci_scan(pci_read_fn *read, uint8_t bus_start, uint8_t bus_end,
             struct pci_device *table, int max)
{
    uint8_t queue[PCI_BUSES], queued[PCI_BUSES] = { 0 };
    int head = 0, tail = 0, found = 0;

    if (bus_start > bus_end)
        return 0;
    queue[tail++] = bus_start;
    queued[bus_start] = 1;
    while (head < tail) {
        uint8_t bus = queue[head++];
        for (int dev = 0; dev < PCI_DEVICES; dev++) {
            uint32_t id = read(bus, dev, 0, PCI_ID);
            if (absent(id))
                continue;
            // Functions 1-7 of a single-function device may answer as
            // copies of function 0: ask only when function 0 says so.
            int functions = header_type(read, bus, dev, 0) & PCI_HEADER_MULTI ? PCI_FUNCTIONS : 1;
            for (int fn = 0; fn < functions; fn++) {
                if (fn > 0 && absent(id = read(bus, dev, fn, PCI_ID)))
                    continue;
                uint8_t type = header_type(read, bus, dev, fn) & PCI_HEADER_TYPE;
                if (found < max)
                    record(read, bus, dev, fn, id, type, &table[found]);
                found++;
                if (type != PCI_HEADER_BRIDGE)
                    continue;
                uint8_t secondary = read(bus, dev, fn, PCI_BRIDGE_BUSES) >> 8 & 0xFF;
                if (secondary >= bus_start && secondary <= bus_end && !queued[secondary]) {
                    queued[secondary] = 1;
                    queue[tail++] = secondary;
                }
            }
        }
    }
    return found;
}

uint8_t pci_walk_capabilities(pci_read_fn *read, const struct pci_device *d, uint8_t id)
{
    uint32_t next, at;

    // A CardBus bridge keeps its list elsewhere; no driver here wants one.
    if (d->header != PCI_HEADER_DEVICE && d->header != PCI_HEADER_BRIDGE)
        return 0;
    if (!(read(d->bus, d->dev, d->fn, PCI_COMMAND) >> 16 & PCI_STATUS_CAPS))
        return 0;
    next = read(d->bus, d->dev, d->fn, PCI_CAP_POINTER) & 0xFF;
    for (int hops = 0; next != 0; hops++) {
        // The low two bits of a pointer are reserved: the specification
        // has software mask them off.
        at = next & ~3u;
        if (at < PCI_CAP_MIN) {
            kprintf("pci: %02x:%02x.%x capability pointer 0x%02x points into the header, "
                    "list ignored\n", d->bus, d->dev, d->fn, next);
            return 0;
        }
        if (hops == PCI_CAP_MAX_HOPS) {
            kprintf("pci: %02x:%02x.%x capability list longer than %d entries (a loop), ignored\n",
                    d->bus, d->dev, d->fn, PCI_CAP_MAX_HOPS);
            return 0;
        }
        uint32_t entry = read(d->bus, d->dev, d->fn, at);
        if ((entry & 0xFF) == id)
            return at;
        next = entry >> 8 & 0xFF;
    }
    return 0;
}

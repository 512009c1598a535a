// The hardware side of PCI (dev/pci.h): configuration space through ECAM or
// mechanism 1, the table of functions found at boot, and readying a function
// for its driver.  The scan itself is pciscan.c's.
//
// Nothing here changes what the firmware set up: BARs are read, never sized
// (sizing writes all ones to them, which for a moment moves the registers of
// a device the firmware left running, the framebuffer's for one).  There is
// no lock: configuration space is touched at boot and by drivers' setup, never
// from an interrupt handler, so no mechanism 1 address/data pair is split.
#include <stdint.h>

#include "arch/x86.h"
#include "dev/pci.h"
#include "lib/kprintf.h"
#include "mm/mmu.h"

#define PCI_ALL_ONES        0xFFFFFFFF   // what a read nothing answers returns
#define IO_DELAY_PORT       0x80         // the POST-code port: a write is a bus cycle
                                         // of about a microsecond, and does nothing
#define IO_DELAYS_PER_MS    2000         // twice the writes a millisecond needs, as margin

static uint64_t ecam_base;               // 0: configuration mechanism 1
static uint8_t first_bus, last_bus;
static volatile uint8_t *ecam_window[PCI_BUSES]; // a bus's 1 MiB, mapped when the scan reaches it
static uint8_t ecam_unmapped[PCI_BUSES]; // its mapping failed (logged once)
static struct pci_device devices[PCI_MAX_DEVICES];
static int ndevices;

// The kernel address of bus's ECAM window, mapped on first use.  The scan
// reaches every bus a device of the table lives on, so after pci_init this
// maps nothing (kernel windows are made at boot only).
static volatile uint8_t *ecam_bus(uint8_t bus)
{
    uint64_t pa = ecam_base + pci_ecam_offset(bus, 0, 0, 0);

    if (bus < first_bus || bus > last_bus || ecam_unmapped[bus])
        return 0;
    if (!ecam_window[bus]) {
        ecam_window[bus] = mmu_map_window(pa, PCI_ECAM_BUS_SIZE, PTE_W | PTE_PCD | PTE_PWT);
        if (!ecam_window[bus]) {
            kprintf("pci: no room to map bus %u's configuration space at 0x%llx\n", bus, pa);
            ecam_unmapped[bus] = 1;
        }
    }
    return ecam_window[bus];
}

// The dword of ECAM for reg, or 0 when bus is not mapped.
static volatile uint32_t *ecam_dword(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t reg)
{
    volatile uint8_t *window = ecam_bus(bus);

    return window ? (volatile uint32_t *)(window + pci_ecam_offset(0, dev, fn, reg)) : 0;
}

static uint32_t config_read(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t reg)
{
    if (ecam_base) {
        volatile uint32_t *dword = ecam_dword(bus, dev, fn, reg);
        return dword ? *dword : PCI_ALL_ONES;
    }
    if (reg >= PCI_CAM_SPACE)
        return PCI_ALL_ONES;
    outl(PCI_CAM_ADDRESS, pci_cam_address(bus, dev, fn, reg));
    return inl(PCI_CAM_DATA);
}

static void config_write(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t reg, uint32_t value)
{
    if (ecam_base) {
        volatile uint32_t *dword = ecam_dword(bus, dev, fn, reg);
        if (dword)
            *dword = value;
        return;
    }
    if (reg >= PCI_CAM_SPACE)
        return;
    outl(PCI_CAM_ADDRESS, pci_cam_address(bus, dev, fn, reg));
    outl(PCI_CAM_DATA, value);
}

static void check_reg(const struct pci_device *d, uint32_t reg)
{
    if (reg % 4 || reg >= PCI_ECAM_SPACE)
        panic("pci: %02x:%02x.%x configuration register 0x%x is not a dword of its space",
              d->bus, d->dev, d->fn, reg);
}

uint32_t pci_read32(const struct pci_device *d, uint32_t reg)
{
    check_reg(d, reg);
    return config_read(d->bus, d->dev, d->fn, reg);
}

void pci_write32(const struct pci_device *d, uint32_t reg, uint32_t value)
{
    check_reg(d, reg);
    config_write(d->bus, d->dev, d->fn, reg, value);
}

static const char *const bar_kind_names[] = {
    [PCI_BAR_IO] = "io", [PCI_BAR_MEM32] = "mem32", [PCI_BAR_MEM64] = "mem64",
};

static void log_device(const struct pci_device *d)
{
    kprintf("pci: %02x:%02x.%x %04x:%04x class %02x.%02x.%02x", d->bus, d->dev, d->fn,
            d->vendor, d->device, d->class, d->subclass, d->progif);
    if (d->header == PCI_HEADER_BRIDGE) {
        uint32_t buses = pci_read32(d, PCI_BRIDGE_BUSES);
        kprintf(" bridge to buses %u-%u", buses >> 8 & 0xFF, buses >> 16 & 0xFF);
    }
    for (int i = 0; i < d->bars; i++) {
        const struct pci_bar *bar = &d->bar[i];
        if (bar->kind == PCI_BAR_BAD)
            kprintf(" BAR%d malformed 0x%08x", i, d->bar_raw[i]);
        else if (bar->kind != PCI_BAR_NONE)
            kprintf(" BAR%d %s%s 0x%llx", i, bar_kind_names[bar->kind],
                    bar->prefetch ? "-prefetch" : "", bar->base);
    }
    kprintf("\n");
}

// Whether firmware's MCFG window can serve: a bus's window must start on a
// 1 MiB boundary, and the CPU must reach the whole range.
static int ecam_usable(uint64_t base, uint8_t bus_start, uint8_t bus_end)
{
    uint64_t end = base + pci_ecam_offset(bus_end, 0, 0, 0) + PCI_ECAM_BUS_SIZE;

    if (bus_start > bus_end) {
        kprintf("pci: ECAM bus range %u-%u is empty\n", bus_start, bus_end);
        return 0;
    }
    if (base % PCI_ECAM_BUS_SIZE) {
        kprintf("pci: ECAM base 0x%llx is not 1 MiB aligned\n", base);
        return 0;
    }
    if (end > mmu_reach()) {
        kprintf("pci: ECAM at 0x%llx ends past the CPU's reach (0x%llx)\n", base, mmu_reach());
        return 0;
    }
    return 1;
}

void pci_init(uint64_t base, uint8_t bus_start, uint8_t bus_end)
{
    int found;

    if (base && !ecam_usable(base, bus_start, bus_end))
        base = 0;
    ecam_base = base;
    first_bus = base ? bus_start : 0;
    last_bus = base ? bus_end : PCI_BUSES - 1;
    found = pci_scan(config_read, first_bus, last_bus, devices, PCI_MAX_DEVICES);
    ndevices = found < PCI_MAX_DEVICES ? found : PCI_MAX_DEVICES;
    for (int i = 0; i < ndevices; i++)
        log_device(&devices[i]);
    if (found > ndevices)
        kprintf("pci: %d functions found, the first %d kept\n", found, ndevices);
    if (ecam_base)
        kprintf("pci: %d devices on buses %u-%u through ECAM at 0x%llx\n",
                ndevices, first_bus, last_bus, ecam_base);
    else
        kprintf("pci: %d devices on buses %u-%u through configuration mechanism 1\n",
                ndevices, first_bus, last_bus);
}

const struct pci_device *pci_find_class(uint8_t class, uint8_t subclass, uint8_t progif, int index)
{
    for (int i = 0; i < ndevices; i++) {
        const struct pci_device *d = &devices[i];
        if (d->class == class && d->subclass == subclass && d->progif == progif && index-- == 0)
            return d;
    }
    return 0;
}

uint64_t pci_bar_address(const struct pci_device *d, int bar)
{
    if (bar < 0 || bar >= d->bars)
        return 0;
    switch (d->bar[bar].kind) {
    case PCI_BAR_IO:
    case PCI_BAR_MEM32:
    case PCI_BAR_MEM64:
        return d->bar[bar].base;
    }
    return 0;
}

uint8_t pci_find_capability(const struct pci_device *d, uint8_t id)
{
    return pci_walk_capabilities(config_read, d, id);
}

// About ms milliseconds, without a clock (this may run before the timers
// are set up): only approximate, and shorter where port 0x80 is fast (under
// QEMU, whose devices need no wait).
static void delay_ms(uint32_t ms)
{
    for (uint32_t i = 0; i < ms * IO_DELAYS_PER_MS; i++)
        outb(IO_DELAY_PORT, 0);
}

// D3hot -> D0 may reset the function (unless it says No_Soft_Reset), BARs
// included: the firmware's values are written back where they were lost.
static void wake(const struct pci_device *d)
{
    uint8_t pm = pci_find_capability(d, PCI_CAP_PM);
    uint32_t control, restored = 0;

    if (!pm)
        return;
    control = pci_read32(d, pm + PCI_PM_CONTROL);
    if (!(control & PCI_PM_STATE))
        return;
    pci_write32(d, pm + PCI_PM_CONTROL, control & ~(PCI_PM_STATE | PCI_PM_PME_STATUS));
    delay_ms(PCI_PM_WAKE_MS);
    for (int i = 0; i < d->bars; i++) {
        if (pci_read32(d, PCI_BAR0 + 4 * i) != d->bar_raw[i]) {
            pci_write32(d, PCI_BAR0 + 4 * i, d->bar_raw[i]);
            restored++;
        }
    }
    kprintf("pci: %02x:%02x.%x woken from D%u to D0, %u BARs restored\n",
            d->bus, d->dev, d->fn, control & PCI_PM_STATE, restored);
}

// At ExitBootServices, OVMF's drivers (its xHCI one for a start) give their
// device back the PCI attributes it had before they took it, which can leave
// memory decoding and bus mastering off; other firmware may never have
// turned them on.  A driver needs both.
void pci_enable(const struct pci_device *d)
{
    uint32_t command;

    wake(d);
    // The status half clears its error bits where written as 1: write 0s.
    command = pci_read32(d, PCI_COMMAND) & 0xFFFF;
    pci_write32(d, PCI_COMMAND, command | PCI_CMD_MEMORY | PCI_CMD_MASTER);
}

// A function interrupting by message must not also pull its INTx# line (its
// IRQ is masked here, but the line may be shared with another's).
static void intx_off(const struct pci_device *d)
{
    pci_write32(d, PCI_COMMAND, (pci_read32(d, PCI_COMMAND) & 0xFFFF) | PCI_CMD_INTX_OFF);
}

// The message control half of a capability's first dword, set to control.
static void set_control(const struct pci_device *d, uint8_t cap, uint32_t control)
{
    pci_write32(d, cap, (pci_read32(d, cap) & 0xFFFF) | control << 16);
}

// The capability comes in four layouts: a 32- or 64-bit address, with or
// without per-vector mask bits; the data and mask dwords sit after the
// address-high dword only when there is one.  Every write is a whole dword:
// the data's upper half (extended data, or reserved) is written 0.
int pci_msi_enable(const struct pci_device *d, uint32_t address, uint16_t data)
{
    uint8_t msi = pci_find_capability(d, PCI_CAP_MSI), msix = pci_find_capability(d, PCI_CAP_MSIX);
    uint32_t control, wide;

    if (!msi)
        return -1;
    // Firmware may leave MSI-X on; while it is, the function ignores MSI.
    if (msix)
        set_control(d, msix, pci_read32(d, msix) >> 16 & ~PCI_MSIX_ENABLE);
    control = pci_read32(d, msi) >> 16;
    wide = control & PCI_MSI_64BIT;
    pci_write32(d, msi + PCI_MSI_ADDRESS, address);
    if (wide)
        pci_write32(d, msi + PCI_MSI_ADDRESS + 4, 0);
    pci_write32(d, msi + (wide ? PCI_MSI_DATA64 : PCI_MSI_DATA32), data);
    // Vector 0 unmasked: some functions come out of reset with it masked,
    // and a masked MSI is only ever marked pending.
    if (control & PCI_MSI_MASKABLE)
        pci_write32(d, msi + (wide ? PCI_MSI_MASK64 : PCI_MSI_MASK32), 0);
    intx_off(d);
    set_control(d, msi, (control & ~PCI_MSI_MULTIPLE) | PCI_MSI_ENABLE);
    return 0;
}

// The table's entries come out of reset masked: entry 0 is written while
// it still is, then unmasked, then MSI-X turned on with the function mask
// off; the other entries stay masked.
int pci_msix_enable(const struct pci_device *d, volatile uint8_t *bar0, uint32_t size,
                    uint32_t address, uint16_t data)
{
    uint8_t msix = pci_find_capability(d, PCI_CAP_MSIX), msi = pci_find_capability(d, PCI_CAP_MSI);
    uint32_t table, offset;
    volatile uint32_t *entry;

    if (!msix)
        return -1;
    table = pci_read32(d, msix + PCI_MSIX_TABLE);
    offset = table & ~(uint32_t)PCI_MSIX_BIR;
    if ((table & PCI_MSIX_BIR) != 0 || offset > size - PCI_MSIX_ENTRY)
        return -1;
    if (msi)
        set_control(d, msi, pci_read32(d, msi) >> 16 & ~PCI_MSI_ENABLE);
    entry = (volatile uint32_t *)(bar0 + offset);
    entry[PCI_MSIX_CONTROL] = PCI_MSIX_VECTOR_MASKED;
    entry[PCI_MSIX_ADDRESS_LO] = address;
    entry[PCI_MSIX_ADDRESS_HI] = 0;
    entry[PCI_MSIX_DATA] = data;
    entry[PCI_MSIX_CONTROL] = 0;
    intx_off(d);
    set_control(d, msix, (pci_read32(d, msix) >> 16 & ~PCI_MSIX_MASK_ALL) | PCI_MSIX_ENABLE);
    return 0;
}

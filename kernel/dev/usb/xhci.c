// The xHCI probe: every controller on PCI is readied, its registers mapped
// uncached, and its capability registers logged.
#include <stdint.h>

#include "dev/pci.h"
#include "dev/usb/xhci.h"
#include "lib/kprintf.h"
#include "mm/mmu.h"

static void probe(const struct pci_device *d)
{
    const struct pci_bar *bar0 = &d->bar[0];
    volatile uint32_t *regs;
    struct xhci_caps caps;

    if (bar0->kind != PCI_BAR_MEM32 && bar0->kind != PCI_BAR_MEM64) {
        kprintf("xhci: %02x:%02x.%x has no memory BAR0, skipped\n", d->bus, d->dev, d->fn);
        return;
    }
    if (bar0->base + XHCI_WINDOW > mmu_reach()) {
        kprintf("xhci: %02x:%02x.%x registers at 0x%llx lie past the CPU's reach (0x%llx), skipped\n",
                d->bus, d->dev, d->fn, bar0->base, mmu_reach());
        return;
    }
    regs = mmu_map_window(bar0->base, XHCI_WINDOW, PTE_W | PTE_PCD | PTE_PWT);
    if (!regs) {
        kprintf("xhci: %02x:%02x.%x no room to map its registers at 0x%llx, skipped\n",
                d->bus, d->dev, d->fn, bar0->base);
        return;
    }
    pci_enable(d);
    if (!xhci_decode_caps(regs[XHCI_CAP_LENGTH / 4], regs[XHCI_HCSPARAMS1 / 4],
                          regs[XHCI_HCCPARAMS1 / 4], &caps)) {
        kprintf("xhci: %02x:%02x.%x registers at 0x%llx read 0x%08x, not a controller, skipped\n",
                d->bus, d->dev, d->fn, bar0->base, regs[XHCI_CAP_LENGTH / 4]);
        return;
    }
    kprintf("xhci: %02x:%02x.%x registers at 0x%llx (window 0x%08x), version %x.%02x, "
            "%u ports, %u slots, %u-byte contexts, %u interrupters, %s-bit addresses\n",
            d->bus, d->dev, d->fn, bar0->base, (uint32_t)regs, caps.version >> 8,
            caps.version & 0xFF, caps.ports, caps.slots, caps.context_bytes, caps.interrupters,
            caps.ac64 ? "64" : "32");
}

void xhci_probe(void)
{
    const struct pci_device *d;
    int i;

    for (i = 0; (d = pci_find_class(XHCI_CLASS, XHCI_SUBCLASS, XHCI_PROGIF, i)); i++)
        probe(d);
    if (i == 0)
        kprintf("xhci: no controller on PCI\n");
}

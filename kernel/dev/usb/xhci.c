// The xHCI driver (xhci.h): each controller taken from the firmware, reset
// and started at boot; from then on its MSI (where it has one) and the
// clock tick read its event ring, and the tick moves on one job at a time:
// a look at a port that changed, which detaches what was there and
// enumerates what is there now (a keyboard or pad bound to the pad, a hub
// whose ports are looked at in turn, anything else left alone).
// docs/usb.md tells each step and the failure it prevents on real hardware.
//
// Every structure the controller reads or writes lies in kernel-pool pages:
// below 4 MiB, identity-mapped (the CPU's address is the bus address),
// page-aligned (so 64-byte aligned, and no ring crosses a 64 KiB
// boundary), with the upper halves of 64-bit addresses written as 0.
#include <stdint.h>

#include "arch/idt.h"
#include "arch/x86.h"
#include "dev/clock.h"
#include "dev/lapic.h"
#include "dev/pci.h"
#include "dev/usb/hid.h"
#include "dev/usb/usb.h"
#include "dev/usb/xhci.h"
#include "lib/config.h"
#include "lib/kprintf.h"
#include "lib/kstring.h"
#include "mm/mmu.h"
#include "mm/palloc.h"

#define MAX_CONTROLLERS     4
#define MAX_SLOTS           32           // slots enabled (CONFIG): devices at once per controller
#define MAX_PORTS           255          // root ports HCSPARAMS1 can name
#define PORT_WORDS          ((MAX_PORTS + 32) / 32)
#define MAX_SCRATCHPADS     (PGSIZE / 8) // one page of pointers: the array may not cross a page
#define CMD_TRBS            (PGSIZE / XHCI_TRB_BYTES)
#define EVENT_TRBS          (PGSIZE / XHCI_TRB_BYTES)
#define EP0_TRBS            64           // a device's rings page: EP0's ring, then
#define INTR_TRBS           64           // ... the interrupt IN endpoint's
#define INTR_RING_OFFSET    (EP0_TRBS * XHCI_TRB_BYTES)
#define REPORT_AREA         2048         // the output context page's second half: report buffers
#define REPORTS_QUEUED      8            // reports the controller may take before a poll
#define ERST_OFFSET         2048         // in the DCBAA page: the event ring segment table

// Timeouts and waits, in milliseconds.
#define HALT_MS             100          // R/S cleared to HCH: the spec allows 16 ms
#define RESET_MS            1000         // HCRST and CNR: some take hundreds of ms
#define INTEL_RESET_DELAY_MS 1           // some Intel ones hang if read right after HCRST
#define HANDOFF_MS          1000         // the firmware's SMI handler giving the controller up
#define COMMAND_MS          500
#define CONTROL_MS          500          // a control transfer, all stages
#define PORT_RESET_MS       500          // USB 2 reset signalling is 10-20 ms; slow hubs exist
#define RESET_POLL_MS       10           // between looks at a port being reset
#define RESET_RECOVERY_MS   10           // TRSTRCY: after a reset, before the first request
#define DEBOUNCE_MS         100          // TATTDB: a plug's contacts bounce
#define HUB_POWER_MIN_MS    100          // on top of bPwrOn2PwrGood, which hubs understate
#define TICK_MS             (1000 / CLOCK_HZ)

// Intel's 7, 8 and 9 series: USB 2 ports go to the EHCI controllers until
// the xHCI's configuration registers switch them over.
#define INTEL_VENDOR        0x8086
#define INTEL_XUSB2PR       0xD0         // USB 2 ports routed to the xHCI
#define INTEL_XUSB2PRM      0xD4         // ... those that may be
#define INTEL_USB3_PSSEN    0xD8         // USB 3 SuperSpeed enabled on the ports
#define INTEL_USB3PRM       0xDC         // ... those that may be
static const uint16_t intel_switchable[] = {
    0x1E31,                              // Panther Point (7 series)
    0x8C31, 0x9C31,                      // Lynx Point, Lynx Point-LP (8 series)
    0x8CB1, 0x9CB1,                      // Wildcat Point, Wildcat Point-LP (9 series)
};

enum dev_state { DEV_FREE, DEV_ENUMERATING, DEV_BOUND, DEV_GONE };

struct device {
    uint8_t  state;                      // enum dev_state
    uint8_t  parent;                     // the hub's slot; 0 on a root port
    uint8_t  port;                       // on the parent (the root port when parent is 0)
    uint8_t  root_port;
    uint8_t  tier;                       // hubs between it and the root
    uint8_t  speed;
    uint8_t  tt_slot, tt_port;           // the high-speed hub whose TT reaches it (low/full speed)
    uint8_t  kind;                       // enum usb_function_kind, once bound
    uint8_t  input;                      // the console's device number (keyboards, pads)
    uint8_t  dci;                        // its interrupt IN endpoint
    uint8_t  broken;                     // its reports failed: detach it at the next look
    uint32_t buttons;                    // the pad's buttons its last report held
    uint16_t report_bytes;               // one report buffer
    uint32_t route;
    uint16_t vendor, product;
    struct usb_function fn;
    struct hid_pad_map map;              // USB_FN_HID: where the pad's controls are
    uint8_t  hub_ports;
    uint8_t  hub_tt;                     // a high-speed hub: its TT think time
    uint16_t hub_pending;                // its ports to look at (bit n: port n)
    uint16_t hub_ignored;                // its ports whose device is not used until replugged
    uint32_t input_ctx, output_ctx, rings; // its three pages (bus address = kernel address)
    struct xhci_ring ep0, intr;
    char     path[24];                   // "3", "3.2": root port, then each hub's port
};

// The one port being looked at, and what is being done there.
struct job {
    uint8_t  active;
    uint8_t  step;                       // enum step: what the wait's end leads to
    uint8_t  waiting;                    // enum wait
    uint8_t  hub;                        // the port's hub: its slot, 0 for the root hub
    uint8_t  port;
    uint8_t  slot;                       // whom the control transfers go to
    uint8_t  speed;                      // of the device on the port
    uint8_t  hot;                        // the port changed after start: debounce first
    uint8_t  counter;                    // a step repeated: the change bit, port, or poll
    uint16_t power_ms;                   // a new hub's ports: power to good
    uint32_t deadline;                   // now_ms when the wait ends
    uint32_t trb;                        // the command or status TRB awaited
    uint16_t asked;                      // bytes asked in the control transfer
    uint16_t length;                     // bytes received
    uint16_t port_status, port_change;   // a hub port's, as GET_STATUS gave them
    const char *what;                    // the request awaited, for the log
};

enum wait { WAIT_NONE, WAIT_COMMAND, WAIT_TRANSFER, WAIT_TIME };

struct controller {
    const struct pci_device *pci;
    volatile uint8_t *cap, *op, *rt, *db;
    struct xhci_caps caps;
    uint32_t slots;
    uint32_t ports;
    uint8_t  major[MAX_PORTS];           // each root port's USB major revision
    uint8_t  look;                       // a port waits to be looked at (pending, a hub's)
    uint32_t pending[PORT_WORDS];        // root ports to look at
    uint32_t hot[PORT_WORDS];            // ... of those, the ones that changed after start
    uint32_t ignored[PORT_WORDS];        // root ports whose device is not used until replugged
    volatile uint64_t *dcbaa;
    volatile uint32_t *erst;
    uint32_t dcbaa_page, scratch_array, scratchpads;
    struct xhci_ring cmd;
    struct xhci_event_ring events;
    uint8_t *data;                       // control transfers' data stage (one job at a time)
    struct device dev[MAX_SLOTS + 1];    // by slot ID
    struct job job;
    uint8_t  msi;                        // interrupts on T_XHCI
    uint32_t left;                       // an event the tick left to the MSI: its place + 1
    uint32_t changes[2];                 // reports that changed a button, by enum reader
};

// Who reads the event ring: the tick's poll, or the MSI's handler.
enum reader { BY_TICK, BY_MSI };

enum step {
    S_ROOT_LOOK,                         // a root port's PORTSC read
    S_ROOT_RESET,                        // ... its reset polled
    S_HUB_LOOK,                          // a hub port's GET_STATUS
    S_HUB_CLEARED,                       // ... a change bit cleared
    S_HUB_DEBOUNCED,                     // ... looked at again once settled
    S_HUB_RESET,                         // ... its reset started
    S_HUB_RESET_WAITED,                  // ... time to ask if it is done
    S_HUB_RESET_STATUS,                  // ... GET_STATUS after the reset
    S_HUB_RESET_CLEARED,                 // ... C_PORT_RESET cleared
    S_RECOVERED,                         // reset recovery time over: enumerate
    S_DETACHED,                          // a device on the port disabled
    S_SLOT, S_ADDRESSED, S_DEVICE8, S_EVALUATED, S_DEVICE, S_CONFIG9, S_CONFIG,
    S_CONFIGURED, S_PROTOCOL, S_IDLE, S_REPORT, S_HUB, S_ENDPOINT, S_HUB_POWER,
    S_HUB_POWERED,
    S_ABANDONED,                         // the device given up on is disabled
};

static struct controller controllers[MAX_CONTROLLERS];
static int ncontrollers;
static usb_input_fn *input_fn;
static uint32_t inputs_used;             // the console's device numbers taken (bit n)
static uint32_t now_ms;                  // the driver's time: the tick count in ms
static uint32_t bound_count, first_bound_ticks;
static uint64_t first_bound_tsc, started_tsc;
static uint32_t started_ticks;
static enum reader reading;              // BY_MSI while xhci_interrupt reads
static uint32_t msi_count, msi_idle;     // MSIs taken; ... with nothing pending

// arch/vectors.asm: T_XHCI's way to trap().
extern void xhci_stub(void);

// ---- registers --------------------------------------------------------------

static uint32_t rd(volatile uint8_t *base, uint32_t offset)
{
    return *(volatile uint32_t *)(base + offset);
}

static void wr(volatile uint8_t *base, uint32_t offset, uint32_t value)
{
    *(volatile uint32_t *)(base + offset) = value;
}

// 64-bit registers as two dword writes, low then high: controllers without
// 64-bit access take them so, and the high half written last commits.
static void wr64(volatile uint8_t *base, uint32_t offset, uint32_t low)
{
    wr(base, offset, low);
    wr(base, offset + 4, 0);
}

static uint32_t cap_read(void *regs, uint32_t offset)
{
    return rd(regs, offset);
}

// Waits until (register & mask) == value, at most ms milliseconds on the
// clock's reference.  0, or -1 on timeout.
static int wait_reg(volatile uint8_t *base, uint32_t offset, uint32_t mask, uint32_t value,
                    uint32_t ms)
{
    uint32_t start = clock_ms();

    while ((rd(base, offset) & mask) != value) {
        if (clock_ms() - start > ms)
            return -1;
        pause();
    }
    return 0;
}

static void ring_doorbell(struct controller *c, uint32_t slot, uint32_t target)
{
    wr(c->db, 4 * slot, target);
}

// ---- memory -------------------------------------------------------------------

// A zeroed page the controller may use: identity-mapped, below 4 MiB.
static uint32_t dma_page(void)
{
    return mmu_next_free_kernel_page();
}

// ---- controller bring-up (boot) -------------------------------------------------

static const char *bdf(const struct controller *c)
{
    static char text[16];

    ksnprintf(text, sizeof(text), "%02x:%02x.%x", c->pci->bus, c->pci->dev, c->pci->fn);
    return text;
}

// On Intel's 7 to 9 series the firmware may leave USB 2 ports routed to the
// EHCI controllers (which this kernel does not drive) and SuperSpeed off: a
// keyboard there would never show on the xHCI's ports.
static void route_intel_ports(struct controller *c)
{
    const struct pci_device *d = c->pci;

    if (d->vendor != INTEL_VENDOR)
        return;
    for (uint32_t i = 0; i < sizeof(intel_switchable) / sizeof(intel_switchable[0]); i++) {
        if (d->device != intel_switchable[i])
            continue;
        uint32_t usb2 = pci_read32(d, INTEL_XUSB2PRM), usb3 = pci_read32(d, INTEL_USB3PRM);

        pci_write32(d, INTEL_USB3_PSSEN, usb3);
        pci_write32(d, INTEL_XUSB2PR, usb2);
        kprintf("xhci: %s ports switched from EHCI: USB 2 mask 0x%x, USB 3 mask 0x%x\n",
                bdf(c), usb2, usb3);
        return;
    }
}

// The firmware may still drive the controller through SMIs (its USB
// keyboard emulation): ask for it through USBLEGSUP, wait, and in any case
// turn its SMIs off, or they fire behind the kernel's back.
static void take_from_firmware(struct controller *c, uint32_t xecp)
{
    uint32_t at = xhci_find_ext_cap(cap_read, (void *)c->cap, xecp, XHCI_WINDOW,
                                    XHCI_EXT_LEGACY, 0);
    uint32_t legsup, control;

    if (!at)
        return;
    legsup = rd(c->cap, at);
    if (legsup & XHCI_LEGACY_BIOS) {
        wr(c->cap, at, legsup | XHCI_LEGACY_OS);
        if (wait_reg(c->cap, at, XHCI_LEGACY_BIOS, 0, HANDOFF_MS) < 0) {
            kprintf("xhci: %s the firmware kept the controller for %u ms, taken anyway\n",
                    bdf(c), HANDOFF_MS);
            wr(c->cap, at, (rd(c->cap, at) & ~XHCI_LEGACY_BIOS) | XHCI_LEGACY_OS);
        } else {
            kprintf("xhci: %s the firmware handed the controller over\n", bdf(c));
        }
    }
    control = rd(c->cap, at + XHCI_LEGCTLSTS);
    wr(c->cap, at + XHCI_LEGCTLSTS, (control & ~XHCI_LEGACY_SMI_ENABLES) | XHCI_LEGACY_SMI_EVENTS);
}

// Halt (the firmware may have left it running), then reset: the reset
// clears what the firmware set up (its rings, its slots), and registers
// written before CNR clears are lost.
static int halt_and_reset(struct controller *c)
{
    if (!(rd(c->op, XHCI_USBSTS) & XHCI_STS_HALTED)) {
        wr(c->op, XHCI_USBCMD, rd(c->op, XHCI_USBCMD) & ~XHCI_CMD_RUN);
        if (wait_reg(c->op, XHCI_USBSTS, XHCI_STS_HALTED, XHCI_STS_HALTED, HALT_MS) < 0) {
            kprintf("xhci: %s does not halt within %u ms, skipped\n", bdf(c), HALT_MS);
            return -1;
        }
    }
    wr(c->op, XHCI_USBCMD, XHCI_CMD_RESET);
    if (c->pci->vendor == INTEL_VENDOR) {
        uint32_t start = clock_ms();

        while (clock_ms() - start <= INTEL_RESET_DELAY_MS)
            pause();
    }
    if (wait_reg(c->op, XHCI_USBCMD, XHCI_CMD_RESET, 0, RESET_MS) < 0 ||
        wait_reg(c->op, XHCI_USBSTS, XHCI_STS_CNR, 0, RESET_MS) < 0) {
        kprintf("xhci: %s reset not done within %u ms, skipped\n", bdf(c), RESET_MS);
        return -1;
    }
    return 0;
}

// Scratchpad buffers: memory the controller keeps its own state in, which
// many real controllers ask for (QEMU's does not); their array's address
// goes in DCBAA[0].  BOOT.CFG's xhci_scratchpads makes a test give some to
// a controller that asked for none, which it never reads.
static int give_scratchpads(struct controller *c, uint32_t count)
{
    if (count < config.xhci_scratchpads) {
        kprintf("xhci: %s asks for %u scratchpad buffers, given %u (xhci_scratchpads, for tests)\n",
                bdf(c), count, config.xhci_scratchpads);
        count = config.xhci_scratchpads;
    }
    c->scratchpads = count;
    if (count == 0)
        return 0;
    if (count > MAX_SCRATCHPADS) {
        kprintf("xhci: %s asks for %u scratchpad buffers, more than %u, skipped\n",
                bdf(c), count, MAX_SCRATCHPADS);
        return -1;
    }
    if (!(c->scratch_array = dma_page()) ||
        xhci_scratchpad_array((volatile uint64_t *)c->scratch_array, count,
                              mmu_next_free_task_page) < 0) {
        kprintf("xhci: %s no memory for %u scratchpad buffers, skipped\n", bdf(c), count);
        return -1;
    }
    c->dcbaa[0] = c->scratch_array;
    return 0;
}

static int setup_memory(struct controller *c, uint32_t hcsparams2)
{
    uint32_t cmd = dma_page(), events = dma_page();

    c->dcbaa_page = dma_page();
    c->data = (uint8_t *)dma_page();
    if (!cmd || !events || !c->dcbaa_page || !c->data) {
        kprintf("xhci: %s no memory for its rings, skipped\n", bdf(c));
        return -1;
    }
    c->dcbaa = (volatile uint64_t *)c->dcbaa_page;
    c->erst = (volatile uint32_t *)(c->dcbaa_page + ERST_OFFSET);
    if (give_scratchpads(c, xhci_scratchpads(hcsparams2)) < 0)
        return -1;
    xhci_ring_init(&c->cmd, (void *)cmd, cmd, CMD_TRBS);
    xhci_events_init(&c->events, (void *)events, events, EVENT_TRBS);
    c->erst[0] = events;
    c->erst[1] = 0;
    c->erst[2] = EVENT_TRBS;
    c->erst[3] = 0;

    wr(c->op, XHCI_CONFIG, c->slots);
    wr64(c->op, XHCI_DCBAAP, c->dcbaa_page);
    wr64(c->op, XHCI_CRCR, cmd | XHCI_CRCR_RCS);
    volatile uint8_t *ir = c->rt + XHCI_IR0;
    wr(ir, XHCI_IMAN, XHCI_IMAN_IP);     // polled: IE stays 0
    wr(ir, XHCI_ERSTSZ, 1);
    wr64(ir, XHCI_ERDP, events);
    wr64(ir, XHCI_ERSTBA, c->dcbaa_page + ERST_OFFSET);
    return 0;
}

static void set_bit(uint32_t *words, uint32_t n)
{
    words[n / 32] |= 1u << n % 32;
}

static void clear_bit(uint32_t *words, uint32_t n)
{
    words[n / 32] &= ~(1u << n % 32);
}

static int bit(const uint32_t *words, uint32_t n)
{
    return words[n / 32] >> n % 32 & 1;
}

// "1-4 USB 2, 5-8 USB 3": the ports of each protocol, as runs.
static void log_ports(struct controller *c)
{
    char text[96];
    uint32_t used = 0;

    text[0] = '\0';
    for (uint32_t p = 1; p <= c->ports; p++) {
        uint32_t last = p;

        while (last < c->ports && c->major[last] == c->major[p - 1])
            last++;
        used += ksnprintf(text + used, sizeof(text) - used, "%s%u-%u %s", used ? ", " : "",
                          p, last, c->major[p - 1] == 3 ? "USB 3" :
                          c->major[p - 1] == 2 ? "USB 2" : "unnamed");
        if (used >= sizeof(text))
            break;
        p = last;
    }
    kprintf("xhci: %s running: ports %s, %u slots, %u scratchpad buffers\n", bdf(c), text,
            c->slots, c->scratchpads);
}

static int start(struct controller *c, const struct pci_device *d)
{
    const struct pci_bar *bar0 = &d->bar[0];
    uint32_t hccparams1, hcsparams2, dboff, rtsoff;

    *c = (struct controller){ .pci = d };
    if (bar0->kind != PCI_BAR_MEM32 && bar0->kind != PCI_BAR_MEM64) {
        kprintf("xhci: %s has no memory BAR0, skipped\n", bdf(c));
        return -1;
    }
    if (bar0->base + XHCI_WINDOW > mmu_reach()) {
        kprintf("xhci: %s registers at 0x%llx lie past the CPU's reach (0x%llx), skipped\n",
                bdf(c), bar0->base, mmu_reach());
        return -1;
    }
    c->cap = mmu_map_window(bar0->base, XHCI_WINDOW, PTE_W | PTE_PCD | PTE_PWT);
    if (!c->cap) {
        kprintf("xhci: %s no room to map its registers at 0x%llx, skipped\n", bdf(c), bar0->base);
        return -1;
    }
    // Out of D3, memory decoding and bus mastering on: the firmware's exit
    // may have turned them off, and without them every DMA is dropped.
    pci_enable(d);
    hccparams1 = rd(c->cap, XHCI_HCCPARAMS1);
    if (!xhci_decode_caps(rd(c->cap, XHCI_CAP_LENGTH), rd(c->cap, XHCI_HCSPARAMS1), hccparams1,
                          &c->caps)) {
        kprintf("xhci: %s registers at 0x%llx read 0x%08x, not a controller, skipped\n",
                bdf(c), bar0->base, rd(c->cap, XHCI_CAP_LENGTH));
        return -1;
    }
    kprintf("xhci: %s registers at 0x%llx (window 0x%08x), version %x.%02x, "
            "%u ports, %u slots, %u-byte contexts, %u interrupters, %s-bit addresses\n",
            bdf(c), bar0->base, (uint32_t)c->cap, c->caps.version >> 8,
            c->caps.version & 0xFF, c->caps.ports, c->caps.slots, c->caps.context_bytes,
            c->caps.interrupters, c->caps.ac64 ? "64" : "32");
    hcsparams2 = rd(c->cap, XHCI_HCSPARAMS2);
    dboff = rd(c->cap, XHCI_DBOFF) & ~3u;
    rtsoff = rd(c->cap, XHCI_RTSOFF) & ~0x1Fu;
    c->ports = c->caps.ports;
    c->slots = c->caps.slots < MAX_SLOTS ? c->caps.slots : MAX_SLOTS;
    if (c->caps.caplength + XHCI_PORTSC(c->ports + 1) > XHCI_WINDOW ||
        dboff + 4 * (c->slots + 1) > XHCI_WINDOW || rtsoff + XHCI_IR0 + 0x20 > XHCI_WINDOW ||
        c->slots == 0 || c->ports == 0) {
        kprintf("xhci: %s registers beyond its 64 KiB (doorbells 0x%x, runtime 0x%x) "
                "or no slots or ports, skipped\n", bdf(c), dboff, rtsoff);
        return -1;
    }
    c->op = c->cap + c->caps.caplength;
    c->rt = c->cap + rtsoff;
    c->db = c->cap + dboff;
    route_intel_ports(c);
    take_from_firmware(c, hccparams1 >> 16);
    if (halt_and_reset(c) < 0)
        return -1;
    if (!(rd(c->op, XHCI_PAGESIZE) & XHCI_PAGE_4K)) {
        kprintf("xhci: %s pages of 4 KiB not supported (PAGESIZE 0x%x), skipped\n", bdf(c),
                rd(c->op, XHCI_PAGESIZE));
        return -1;
    }
    if (setup_memory(c, hcsparams2) < 0)
        return -1;
    xhci_port_protocols(cap_read, (void *)c->cap, hccparams1 >> 16, XHCI_WINDOW, c->major,
                        c->ports);
    wr(c->op, XHCI_USBCMD, XHCI_CMD_RUN);
    if (wait_reg(c->op, XHCI_USBSTS, XHCI_STS_HALTED, 0, HALT_MS) < 0) {
        kprintf("xhci: %s does not start, skipped\n", bdf(c));
        return -1;
    }
    // Ports that need power from software get it now; every port is looked
    // at once at the first poll (a device connected before the reset posts
    // no event).
    for (uint32_t p = 1; p <= c->ports; p++) {
        uint32_t portsc = rd(c->op, XHCI_PORTSC(p));

        if (!(portsc & XHCI_PORT_PP))
            wr(c->op, XHCI_PORTSC(p), xhci_port_write(portsc, 0, XHCI_PORT_PP));
        set_bit(c->pending, p);
    }
    c->look = 1;
    log_ports(c);
    return 0;
}

int xhci_init(void)
{
    const struct pci_device *d;
    int i;

    for (i = 0; (d = pci_find_class(XHCI_CLASS, XHCI_SUBCLASS, XHCI_PROGIF, i)); i++) {
        if (ncontrollers == MAX_CONTROLLERS) {
            kprintf("xhci: more than %d controllers, the rest skipped\n", MAX_CONTROLLERS);
            break;
        }
        if (start(&controllers[ncontrollers], d) == 0)
            ncontrollers++;
    }
    if (i == 0)
        kprintf("xhci: no controller on PCI\n");
    return ncontrollers;
}

void xhci_on_input(usb_input_fn *input)
{
    input_fn = input;
}

// ---- devices --------------------------------------------------------------------

static const char *completion_name(uint32_t code)
{
    static const char *const names[] = {
        [XHCI_CC_BABBLE] = "babble", [XHCI_CC_TRANSACTION] = "transaction error",
        [XHCI_CC_TRB] = "TRB error", [XHCI_CC_STALL] = "stall",
        [XHCI_CC_NO_SLOTS] = "no slots left", [XHCI_CC_PARAMETER] = "parameter error",
        [XHCI_CC_CONTEXT_STATE] = "context state error",
    };
    static char text[24];

    if (code < sizeof(names) / sizeof(names[0]) && names[code])
        return names[code];
    ksnprintf(text, sizeof(text), "completion code %u", code);
    return text;
}

// Whether d lies on port of hub (a slot; 0: port is a root port), or below it.
static int below(struct controller *c, const struct device *d, uint8_t hub, uint8_t port)
{
    for (uint32_t tier = 0; tier <= USB_ROUTE_TIERS && d->state != DEV_FREE; tier++) {
        if (d->parent == hub && d->port == port)
            return 1;
        if (d->parent == 0)
            return 0;
        d = &c->dev[d->parent];
    }
    return 0;
}

static struct device *device_on(struct controller *c, uint8_t hub, uint8_t port)
{
    for (uint32_t s = 1; s <= c->slots; s++)
        if (c->dev[s].state != DEV_FREE && c->dev[s].parent == hub && c->dev[s].port == port)
            return &c->dev[s];
    return 0;
}

static uint32_t slot_of(const struct controller *c, const struct device *d)
{
    return (uint32_t)(d - c->dev);
}

// After Disable Slot: the controller no longer reads the slot's memory.
static void free_device(struct controller *c, uint32_t slot)
{
    struct device *d = &c->dev[slot];
    char prefix[32];

    if (d->input_ctx)
        palloc_free(d->input_ctx);
    if (d->output_ctx)
        palloc_free(d->output_ctx);
    if (d->rings)
        palloc_free(d->rings);
    c->dcbaa[slot] = 0;
    *d = (struct device){ 0 };
    ksnprintf(prefix, sizeof(prefix), "usb: slot %u freed, ", slot);
    palloc_log_free(prefix);
}

// A device that goes: its buttons let go at once, its slot is disabled by
// the job.
static void mark_gone(struct controller *c, struct device *d)
{
    if (d->state == DEV_BOUND && d->kind != USB_FN_HUB) {
        if (input_fn)
            input_fn(d->input, 0);
        inputs_used &= ~(1u << d->input);
    }
    kprintf("usb: port %s slot %u %04x:%04x %s\n", d->path, slot_of(c, d), d->vendor,
            d->product, d->broken ? "dropped" : "unplugged");
    d->state = DEV_GONE;
}

// ---- the job: requests --------------------------------------------------------------

static void command(struct controller *c, const char *what, uint32_t param, uint32_t control)
{
    struct job *j = &c->job;

    j->what = what;
    j->trb = xhci_ring_push(&c->cmd, param, 0, 0, control);
    j->waiting = WAIT_COMMAND;
    j->deadline = now_ms + COMMAND_MS;
    ring_doorbell(c, 0, 0);
}

static void disable_slot(struct controller *c, uint32_t slot, uint8_t then)
{
    c->job.step = then;
    command(c, "Disable Slot", 0, XHCI_TRB_TYPE(TRB_DISABLE_SLOT) | XHCI_TRB_SLOT(slot));
}

// A control transfer to device slot's EP0: a setup stage, an IN data stage
// into c->data when length is not 0, a status stage.  Only the status
// stage asks for an event; a short data stage posts one too (ISP), which
// tells the length received.
static void control(struct controller *c, uint8_t slot, const char *what, uint8_t type,
                    uint8_t request, uint16_t value, uint16_t index, uint16_t length)
{
    struct job *j = &c->job;
    struct xhci_ring *ep0 = &c->dev[slot].ep0;

    j->slot = slot;
    j->what = what;
    j->asked = j->length = length;
    xhci_ring_push(ep0, type | request << 8 | (uint32_t)value << 16,
                   index | (uint32_t)length << 16, XHCI_SETUP_LEN, XHCI_TRB_TYPE(TRB_SETUP) |
                   XHCI_TRB_IDT | (length ? XHCI_TRT_IN : XHCI_TRT_NONE));
    if (length)
        xhci_ring_push(ep0, (uint32_t)c->data, 0, length,
                       XHCI_TRB_TYPE(TRB_DATA) | XHCI_TRB_DIR_IN | XHCI_TRB_ISP);
    j->trb = xhci_ring_push(ep0, 0, 0, 0, XHCI_TRB_TYPE(TRB_STATUS) | XHCI_TRB_IOC |
                            (length ? 0 : XHCI_TRB_DIR_IN));
    j->waiting = WAIT_TRANSFER;
    j->deadline = now_ms + CONTROL_MS;
    ring_doorbell(c, slot, XHCI_DCI_EP0);
}

// A hub class request about the job's port, to its hub.
static void port_request(struct controller *c, uint8_t step, const char *what, uint8_t request,
                         uint16_t feature)
{
    struct job *j = &c->job;
    uint8_t type = USB_TYPE_CLASS | USB_RECIP_OTHER;

    j->step = step;
    if (request == USB_REQ_GET_STATUS)
        control(c, j->hub, what, type | USB_DIR_IN, request, 0, j->port, HUB_PORT_STATUS_LEN);
    else
        control(c, j->hub, what, type, request, feature, j->port, 0);
}

static void get_descriptor(struct controller *c, uint8_t step, const char *what, uint8_t type,
                           uint8_t desc, uint16_t index, uint16_t length)
{
    c->job.step = step;
    control(c, c->job.slot, what, USB_DIR_IN | type, USB_REQ_GET_DESCRIPTOR,
            (uint16_t)(desc << 8), index, length);
}

static void wait_ms(struct controller *c, uint8_t then, uint32_t ms)
{
    c->job.step = then;
    c->job.waiting = WAIT_TIME;
    c->job.deadline = now_ms + ms;
}

// ---- the job: ports ------------------------------------------------------------------

// The log's name for the job's port: "3", or "3.2" on a hub.
static void port_path(struct controller *c, char *out, uint32_t size)
{
    struct job *j = &c->job;

    if (j->hub)
        ksnprintf(out, size, "%s.%u", c->dev[j->hub].path, j->port);
    else
        ksnprintf(out, size, "%u", j->port);
}

static void ignore_port(struct controller *c)
{
    struct job *j = &c->job;

    if (j->hub)
        c->dev[j->hub].hub_ignored |= (uint16_t)(1u << j->port);
    else
        set_bit(c->ignored, j->port);
}

static void finish(struct controller *c)
{
    c->job.active = 0;
    c->job.waiting = WAIT_NONE;
}

// The device on the job's port being enumerated, if it has a slot yet.
static struct device *newcomer(struct controller *c)
{
    struct device *d = device_on(c, c->job.hub, c->job.port);

    return d && d->state == DEV_ENUMERATING ? d : 0;
}

// Gives up on the job's port: logged, the device's slot disabled (its
// memory freed once the controller confirms), the port left alone until
// something is plugged in again.
static void abandon(struct controller *c, const char *why)
{
    struct device *d = newcomer(c);
    char path[24];

    port_path(c, path, sizeof(path));
    ignore_port(c);
    if (!d) {
        kprintf("usb: port %s: %s, device ignored\n", path, why);
        finish(c);
        return;
    }
    kprintf("usb: port %s slot %u: %s, device ignored\n", path, slot_of(c, d), why);
    d->state = DEV_GONE;
    c->job.slot = (uint8_t)slot_of(c, d);
    disable_slot(c, c->job.slot, S_ABANDONED);
}

// A device waiting for its slot to be disabled, or 0.
static struct device *next_gone(struct controller *c)
{
    for (uint32_t s = 1; s <= c->slots; s++)
        if (c->dev[s].state == DEV_GONE)
            return &c->dev[s];
    return 0;
}

// Everything on the job's port and below it goes at once (a hub takes its
// devices with it: their buttons let go now); then their slots are
// disabled one command at a time, and S_DETACHED looks at the port again
// when none is left.
static void detach(struct controller *c)
{
    struct job *j = &c->job;
    struct device *d;

    for (uint32_t s = 1; s <= c->slots; s++)
        if (c->dev[s].state == DEV_BOUND && below(c, &c->dev[s], j->hub, j->port))
            mark_gone(c, &c->dev[s]);
    if (!(d = next_gone(c))) {
        finish(c);
        return;
    }
    j->counter = (uint8_t)slot_of(c, d);
    disable_slot(c, j->counter, S_DETACHED);
}

static void enumerate(struct controller *c)
{
    c->job.step = S_SLOT;
    command(c, "Enable Slot", 0, XHCI_TRB_TYPE(TRB_ENABLE_SLOT));
}

// A root port: its changes cleared; a device that went (or failed) is
// detached; one present and not yet used is debounced if it just came,
// reset (USB 2; USB 3 links train themselves) and enumerated.
static void root_look(struct controller *c)
{
    struct job *j = &c->job;
    uint32_t portsc = rd(c->op, XHCI_PORTSC(j->port));
    struct device *d = device_on(c, 0, j->port);

    wr(c->op, XHCI_PORTSC(j->port), xhci_port_write(portsc, portsc, 0));
    if (portsc & XHCI_PORT_CSC)
        clear_bit(c->ignored, j->port);
    if (d && d->broken)
        set_bit(c->ignored, j->port);
    if (d && ((portsc & XHCI_PORT_CSC) || !(portsc & XHCI_PORT_CCS) || d->broken)) {
        detach(c);
        return;
    }
    if (d || !(portsc & XHCI_PORT_CCS) || bit(c->ignored, j->port)) {
        finish(c);
        return;
    }
    if (j->hot) {
        j->hot = 0;
        wait_ms(c, S_ROOT_LOOK, DEBOUNCE_MS);
        return;
    }
    if (c->major[j->port - 1] == 3) {
        // Not enabled yet: another change event comes when the link is up.
        if (!(portsc & XHCI_PORT_PED)) {
            finish(c);
            return;
        }
        j->speed = portsc >> XHCI_PORT_SPEED_SHIFT & XHCI_PORT_SPEED_MASK;
        enumerate(c);
        return;
    }
    wr(c->op, XHCI_PORTSC(j->port), xhci_port_write(portsc, 0, XHCI_PORT_PR));
    j->what = "port reset";
    j->counter = 0;
    wait_ms(c, S_ROOT_RESET, RESET_POLL_MS);
}

// A root port being reset: done once PRC is set, with the port enabled.
static void root_reset(struct controller *c)
{
    struct job *j = &c->job;
    uint32_t portsc = rd(c->op, XHCI_PORTSC(j->port));
    char text[64];

    if (!(portsc & XHCI_PORT_PRC)) {
        if (++j->counter * RESET_POLL_MS >= PORT_RESET_MS) {
            ksnprintf(text, sizeof(text), "port reset not done within %u ms", PORT_RESET_MS);
            abandon(c, text);
            return;
        }
        wait_ms(c, S_ROOT_RESET, RESET_POLL_MS);
        return;
    }
    wr(c->op, XHCI_PORTSC(j->port), xhci_port_write(portsc, XHCI_PORT_PRC, 0));
    if (!(portsc & XHCI_PORT_PED)) {
        abandon(c, "port not enabled after its reset");
        return;
    }
    j->speed = portsc >> XHCI_PORT_SPEED_SHIFT & XHCI_PORT_SPEED_MASK;
    wait_ms(c, S_RECOVERED, RESET_RECOVERY_MS);
}

// A hub's port, from its GET_STATUS: its change bits cleared one request
// at a time, then as root_look.  Hub ports are always debounced once: a
// device on a port the hub has just powered connects only then.
static void hub_look(struct controller *c)
{
    struct job *j = &c->job;
    struct device *hub = &c->dev[j->hub];
    struct device *d = device_on(c, j->hub, j->port);
    int connected = j->port_status >> HUB_PORT_CONNECTION & 1;
    int changed = j->port_change >> (HUB_C_PORT_CONNECTION - HUB_CHANGE_FIRST) & 1;

    while (j->counter <= HUB_CHANGE_LAST) {
        uint8_t feature = j->counter++;

        if (j->port_change >> (feature - HUB_CHANGE_FIRST) & 1) {
            port_request(c, S_HUB_CLEARED, "CLEAR_FEATURE(port change)", USB_REQ_CLEAR_FEATURE,
                         feature);
            return;
        }
    }
    if (changed) {
        hub->hub_ignored &= (uint16_t)~(1u << j->port);
        j->hot = 1;
    }
    if (d && d->broken)
        hub->hub_ignored |= (uint16_t)(1u << j->port);
    if (d && (changed || !connected || d->broken)) {
        j->port_change = 0;
        detach(c);
        return;
    }
    if (d || !connected || hub->hub_ignored >> j->port & 1) {
        finish(c);
        return;
    }
    if (j->hot) {
        j->hot = 0;
        wait_ms(c, S_HUB_DEBOUNCED, DEBOUNCE_MS);
        return;
    }
    port_request(c, S_HUB_RESET, "SET_FEATURE(PORT_RESET)", USB_REQ_SET_FEATURE, HUB_PORT_RESET);
}

// A hub port's status after its reset: done once C_PORT_RESET is set.
static void hub_reset_status(struct controller *c)
{
    struct job *j = &c->job;
    uint16_t status = (uint16_t)(c->data[0] | c->data[1] << 8);
    uint16_t change = (uint16_t)(c->data[2] | c->data[3] << 8);
    char text[64];

    if (!(change >> (HUB_C_PORT_RESET - HUB_CHANGE_FIRST) & 1)) {
        if (++j->counter * RESET_POLL_MS >= PORT_RESET_MS) {
            ksnprintf(text, sizeof(text), "port reset not done within %u ms", PORT_RESET_MS);
            abandon(c, text);
            return;
        }
        wait_ms(c, S_HUB_RESET_WAITED, RESET_POLL_MS);
        return;
    }
    if (!(status >> HUB_PORT_ENABLE & 1)) {
        abandon(c, "port not enabled after its reset");
        return;
    }
    j->speed = status >> HUB_PORT_LOW_SPEED & 1 ? USB_SPEED_LOW :
               status >> HUB_PORT_HIGH_SPEED & 1 ? USB_SPEED_HIGH : USB_SPEED_FULL;
    port_request(c, S_HUB_RESET_CLEARED, "CLEAR_FEATURE(C_PORT_RESET)", USB_REQ_CLEAR_FEATURE,
                 HUB_C_PORT_RESET);
}

// ---- the job: enumeration -------------------------------------------------------------

static void slot_info(const struct device *d, struct xhci_slot_info *s, uint8_t entries)
{
    *s = (struct xhci_slot_info){
        .route = d->route, .speed = d->speed, .root_port = d->root_port, .entries = entries,
        .tt_slot = d->tt_slot, .tt_port = d->tt_port,
    };
}

// The job's port's device got a slot: its memory, its contexts, Address Device.
static void address_device(struct controller *c, uint32_t slot)
{
    struct job *j = &c->job;
    struct device *d = &c->dev[slot];
    struct device *hub = j->hub ? &c->dev[j->hub] : 0;
    uint32_t bytes = c->caps.context_bytes;
    struct xhci_slot_info s;
    volatile uint32_t *in;
    int32_t route = 0;

    *d = (struct device){ .state = DEV_ENUMERATING, .parent = j->hub, .port = j->port,
                          .root_port = j->port, .speed = j->speed };
    j->slot = (uint8_t)slot;
    port_path(c, d->path, sizeof(d->path));
    if (hub) {
        route = usb_route(hub->route, hub->tier, j->port);
        d->tier = hub->tier + 1;
        d->root_port = hub->root_port;
        // Low and full speed behind a high-speed hub go through a
        // transaction translator: the nearest high-speed hub's.
        if (d->speed == USB_SPEED_LOW || d->speed == USB_SPEED_FULL) {
            d->tt_slot = hub->speed == USB_SPEED_HIGH ? j->hub : hub->tt_slot;
            d->tt_port = hub->speed == USB_SPEED_HIGH ? j->port : hub->tt_port;
        }
    }
    d->input_ctx = dma_page();
    d->output_ctx = dma_page();
    d->rings = dma_page();
    if (route < 0 || !d->input_ctx || !d->output_ctx || !d->rings) {
        abandon(c, route < 0 ? "hubs nested deeper than a route string reaches"
                             : "no memory for its contexts");
        return;
    }
    d->route = (uint32_t)route;
    xhci_ring_init(&d->ep0, (void *)d->rings, d->rings, EP0_TRBS);
    c->dcbaa[slot] = d->output_ctx;
    in = (volatile uint32_t *)d->input_ctx;
    in[1] = 1u << 0 | 1u << XHCI_DCI_EP0;   // add: the slot and EP0
    slot_info(d, &s, XHCI_DCI_EP0);
    xhci_slot_context(in + xhci_context_offset(bytes, 1, 0) / 4, &s);
    struct xhci_endpoint_info ep0 = { .type = XHCI_EP_CONTROL,
                                      .max_packet = xhci_default_packet0(d->speed),
                                      .ring = d->ep0.phys, .average = XHCI_SETUP_LEN };
    xhci_endpoint_context(in + xhci_context_offset(bytes, 1, XHCI_DCI_EP0) / 4, &ep0);
    j->step = S_ADDRESSED;
    command(c, "Address Device", d->input_ctx,
            XHCI_TRB_TYPE(TRB_ADDRESS_DEVICE) | XHCI_TRB_SLOT(slot));
}

// Tells the controller EP0's real packet size (a full-speed device's may
// be 8, 16, 32 or 64 bytes) before anything longer than 8 bytes is read.
static void evaluate_packet0(struct controller *c, struct device *d, uint8_t packet)
{
    volatile uint32_t *in = (volatile uint32_t *)d->input_ctx;
    volatile uint32_t *ep0 = in + xhci_context_offset(c->caps.context_bytes, 1, XHCI_DCI_EP0) / 4;

    in[0] = 0;
    in[1] = 1u << XHCI_DCI_EP0;
    ep0[1] = (ep0[1] & 0xFFFF) | (uint32_t)packet << 16;
    c->job.step = S_EVALUATED;
    command(c, "Evaluate Context", d->input_ctx,
            XHCI_TRB_TYPE(TRB_EVALUATE_CONTEXT) | XHCI_TRB_SLOT(slot_of(c, d)));
}

// Configure Endpoint: the function's interrupt IN endpoint, and for a hub
// the slot's hub fields.
static void configure_endpoint(struct controller *c, struct device *d)
{
    uint32_t bytes = c->caps.context_bytes;
    volatile uint32_t *in = (volatile uint32_t *)d->input_ctx;
    struct xhci_slot_info s;

    d->dci = XHCI_DCI(d->fn.endpoint);
    memset((void *)d->input_ctx, 0, PGSIZE);
    in[1] = 1u << 0 | 1u << d->dci;
    slot_info(d, &s, d->dci);
    if (d->kind == USB_FN_HUB) {
        s.hub = 1;
        s.ports = d->hub_ports;
        s.think_time = d->speed == USB_SPEED_HIGH ? d->hub_tt : 0;
    }
    xhci_slot_context(in + xhci_context_offset(bytes, 1, 0) / 4, &s);
    xhci_ring_init(&d->intr, (void *)(d->rings + INTR_RING_OFFSET), d->rings + INTR_RING_OFFSET,
                   INTR_TRBS);
    // A hub's status changes keep its own interval; input is asked more often.
    uint8_t interval = d->kind == USB_FN_HUB ? xhci_interval(d->speed, d->fn.interval)
                                             : xhci_input_interval(d->speed, d->fn.interval);
    struct xhci_endpoint_info ep = { .type = XHCI_EP_INTERRUPT_IN, .max_packet = d->fn.max_packet,
                                     .interval = interval,
                                     .ring = d->intr.phys, .average = d->fn.max_packet };
    xhci_endpoint_context(in + xhci_context_offset(bytes, 1, d->dci) / 4, &ep);
    c->job.step = S_ENDPOINT;
    command(c, "Configure Endpoint", d->input_ctx,
            XHCI_TRB_TYPE(TRB_CONFIGURE_EP) | XHCI_TRB_SLOT(slot_of(c, d)));
}

// The report buffers: the REPORT_AREA bytes after the output context, in
// buffers of the endpoint's packet size rounded up to 64 bytes.
static uint32_t report_buffer(const struct device *d, uint32_t i)
{
    return d->output_ctx + PGSIZE - REPORT_AREA + i * d->report_bytes;
}

static void queue_report(struct controller *c, struct device *d, uint32_t buffer)
{
    xhci_ring_push(&d->intr, buffer, 0, d->fn.max_packet,
                   XHCI_TRB_TYPE(TRB_NORMAL) | XHCI_TRB_ISP | XHCI_TRB_IOC);
    ring_doorbell(c, slot_of(c, d), d->dci);
}

static void bind(struct controller *c, struct device *d)
{
    uint32_t buffers;

    d->state = DEV_BOUND;
    if (d->kind == USB_FN_HUB) {
        kprintf("usb: port %s slot %u %s %04x:%04x class 09 (hub, %u ports), ports powered\n",
                d->path, slot_of(c, d), usb_speed_name(d->speed), d->vendor, d->product,
                d->hub_ports);
        d->hub_pending = (uint16_t)(((1u << d->hub_ports) - 1) << 1);
        c->look = 1;
        buffers = 1;                     // a change bitmap waits until it is read anyway
    } else {
        for (d->input = 0; inputs_used >> d->input & 1; d->input++)
            ;
        inputs_used |= 1u << d->input;
        kprintf("usb: port %s slot %u %s %04x:%04x class %02x (%s), bound to the pad, "
                "asked every %u us\n", d->path, slot_of(c, d), usb_speed_name(d->speed),
                d->vendor, d->product, d->fn.class,
                d->kind == USB_FN_KEYBOARD ? "HID boot keyboard" :
                d->map.report_id ? "HID pad, numbered reports" : "HID pad",
                125u << xhci_input_interval(d->speed, d->fn.interval));
        if (bound_count++ == 0) {
            first_bound_tsc = rdtsc();
            first_bound_ticks = ticks;
        }
        buffers = REPORTS_QUEUED;
    }
    d->report_bytes = (uint16_t)((d->fn.max_packet + 63) & ~63u);
    if (buffers > REPORT_AREA / d->report_bytes)
        buffers = REPORT_AREA / d->report_bytes;
    for (uint32_t i = 0; i < buffers; i++)
        queue_report(c, d, report_buffer(d, i));
    finish(c);
}

// The configuration is read: what the console does with the device.
static void choose(struct controller *c, struct device *d)
{
    uint32_t offset;
    const char *bad = usb_parse_config(c->data, c->job.length, &d->fn, &offset);
    char text[96];

    if (bad) {
        ksnprintf(text, sizeof(text), "configuration descriptor: %s at byte %u", bad, offset);
        abandon(c, text);
        return;
    }
    d->kind = d->fn.kind;
    if (d->kind == USB_FN_NONE) {
        ksnprintf(text, sizeof(text), "%s %04x:%04x class %02x, not a keyboard, pad or hub",
                  usb_speed_name(d->speed), d->vendor, d->product, d->fn.class);
        abandon(c, text);
        return;
    }
    // Its USB 2 half, on a USB 2 port, is where keyboards and pads are.
    if (d->kind == USB_FN_HUB && d->speed >= USB_SPEED_SUPER) {
        abandon(c, "a USB 3 hub's SuperSpeed half: its USB 2 half serves keyboards and pads");
        return;
    }
    if (d->kind != USB_FN_HUB && inputs_used == 0xFFFFFFFFu) {
        abandon(c, "more keyboards and pads than the console counts");
        return;
    }
    if (d->fn.max_packet > REPORT_AREA) {
        abandon(c, "reports larger than 2 KiB");
        return;
    }
    c->job.step = S_CONFIGURED;
    control(c, c->job.slot, "SET_CONFIGURATION", 0, USB_REQ_SET_CONFIGURATION, d->fn.config, 0, 0);
}

// The function is configured: what it needs before its endpoint.
static void prepare_function(struct controller *c, struct device *d)
{
    uint8_t hid_to_interface = USB_TYPE_CLASS | USB_RECIP_INTERFACE;

    switch (d->kind) {
    case USB_FN_KEYBOARD:
        // The boot protocol: the 8-byte reports every keyboard of the boot
        // subclass must offer, whatever its report descriptor says.
        c->job.step = S_PROTOCOL;
        control(c, c->job.slot, "SET_PROTOCOL(boot)", hid_to_interface, HID_REQ_SET_PROTOCOL,
                HID_BOOT_PROTOCOL, d->fn.interface, 0);
        break;
    case USB_FN_HID:
        get_descriptor(c, S_REPORT, "GET_DESCRIPTOR(report)", USB_RECIP_INTERFACE, USB_DT_REPORT,
                       d->fn.interface, d->fn.report_length > HID_MAX_DESCRIPTOR ?
                       HID_MAX_DESCRIPTOR : d->fn.report_length);
        break;
    default:
        get_descriptor(c, S_HUB, "GET_DESCRIPTOR(hub)", USB_TYPE_CLASS, USB_DT_HUB, 0,
                       USB_HUB_DESC_MIN + 2);
        break;
    }
}

// The report descriptor of a HID interface other than a boot keyboard: a
// game pad or joystick, or nothing the console can use.
static void read_report_descriptor(struct controller *c, struct device *d)
{
    struct hid_info info;
    struct hid_error err;
    char text[96];

    if (hid_parse(c->data, c->job.length, &info, &err) != HID_OK) {
        ksnprintf(text, sizeof(text), "report descriptor: %s at byte %u", err.message,
                  err.offset);
        abandon(c, text);
        return;
    }
    if (!(info.kinds & (HID_GAMEPAD | HID_JOYSTICK))) {
        abandon(c, "a keyboard without the boot protocol");
        return;
    }
    d->map = info.pad;
    configure_endpoint(c, d);
}

static void read_hub_descriptor(struct controller *c, struct device *d)
{
    struct usb_hub_desc hub;
    const char *bad = usb_parse_hub(c->data, c->job.length, &hub);

    if (bad) {
        abandon(c, bad);
        return;
    }
    if (d->tier + 1 >= USB_ROUTE_TIERS) {
        abandon(c, "hubs nested deeper than a route string reaches");
        return;
    }
    d->hub_ports = hub.ports;
    d->hub_tt = hub.think_time;
    c->job.power_ms = hub.power_on_ms;
    configure_endpoint(c, d);
}

// A new hub's ports powered one request at a time, then the power given
// time to become good.
static void power_hub_ports(struct controller *c, struct device *d)
{
    struct job *j = &c->job;

    if (++j->counter <= d->hub_ports) {
        j->step = S_HUB_POWER;
        control(c, j->slot, "SET_FEATURE(PORT_POWER)", USB_TYPE_CLASS | USB_RECIP_OTHER,
                USB_REQ_SET_FEATURE, HUB_PORT_POWER, j->counter, 0);
        return;
    }
    wait_ms(c, S_HUB_POWERED, HUB_POWER_MIN_MS + j->power_ms);
}

// What came of the job's wait: a command's or a transfer's completion code
// (and the slot a command names), or the time it waited for
// (XHCI_CC_SUCCESS).  Each step starts the next request.
static void advance(struct controller *c, uint32_t code, uint32_t slot)
{
    struct job *j = &c->job;
    struct device *d = &c->dev[j->slot];
    struct usb_device_desc desc;
    const char *bad;
    char text[96];

    j->waiting = WAIT_NONE;
    if (j->step == S_DETACHED || j->step == S_ABANDONED) {
        uint32_t gone = j->step == S_DETACHED ? j->counter : j->slot;

        if (code != XHCI_CC_SUCCESS)
            kprintf("usb: slot %u: Disable Slot: %s\n", gone, completion_name(code));
        free_device(c, gone);
        if (j->step == S_ABANDONED)
            finish(c);
        else if (next_gone(c))
            detach(c);
        else if (j->hub) {
            j->counter = HUB_CHANGE_LAST + 1; // its change bits are cleared already
            hub_look(c);
        } else
            root_look(c);
        return;
    }
    if (code != XHCI_CC_SUCCESS) {
        ksnprintf(text, sizeof(text), "%s: %s", j->what, completion_name(code));
        abandon(c, text);
        return;
    }
    switch (j->step) {
    case S_ROOT_LOOK:
        root_look(c);
        break;
    case S_ROOT_RESET:
        root_reset(c);
        break;
    case S_HUB_LOOK:
        if (j->length < HUB_PORT_STATUS_LEN) {
            abandon(c, "GET_STATUS(port) answered short");
            break;
        }
        j->port_status = (uint16_t)(c->data[0] | c->data[1] << 8);
        j->port_change = (uint16_t)(c->data[2] | c->data[3] << 8);
        j->counter = HUB_CHANGE_FIRST;
        hub_look(c);
        break;
    case S_HUB_CLEARED:
        hub_look(c);
        break;
    case S_HUB_DEBOUNCED:
        port_request(c, S_HUB_LOOK, "GET_STATUS(port)", USB_REQ_GET_STATUS, 0);
        break;
    case S_HUB_RESET:
        j->counter = 0;
        wait_ms(c, S_HUB_RESET_WAITED, RESET_POLL_MS);
        break;
    case S_HUB_RESET_WAITED:
        port_request(c, S_HUB_RESET_STATUS, "GET_STATUS(port)", USB_REQ_GET_STATUS, 0);
        break;
    case S_HUB_RESET_STATUS:
        if (j->length < HUB_PORT_STATUS_LEN)
            abandon(c, "GET_STATUS(port) answered short");
        else
            hub_reset_status(c);
        break;
    case S_HUB_RESET_CLEARED:
        wait_ms(c, S_RECOVERED, RESET_RECOVERY_MS);
        break;
    case S_RECOVERED:
        enumerate(c);
        break;
    case S_SLOT:
        if (slot == 0 || slot > c->slots || c->dev[slot].state != DEV_FREE) {
            ksnprintf(text, sizeof(text), "Enable Slot gave slot %u, not a free one", slot);
            abandon(c, text);
            break;
        }
        address_device(c, slot);
        break;
    case S_ADDRESSED:
        get_descriptor(c, S_DEVICE8, "GET_DESCRIPTOR(device)", 0, USB_DT_DEVICE, 0,
                       USB_FIRST_PACKET);
        break;
    case S_DEVICE8:
        if ((bad = usb_parse_device(c->data, j->length, &desc))) {
            abandon(c, bad);
            break;
        }
        if (d->speed == USB_SPEED_FULL && desc.max_packet0 != xhci_default_packet0(d->speed)) {
            if (desc.max_packet0 != 8 && desc.max_packet0 != 16 && desc.max_packet0 != 32) {
                abandon(c, "EP0 packet size not 8, 16, 32 or 64");
                break;
            }
            evaluate_packet0(c, d, desc.max_packet0);
            break;
        }
        /* fall through */
    case S_EVALUATED:
        get_descriptor(c, S_DEVICE, "GET_DESCRIPTOR(device)", 0, USB_DT_DEVICE, 0,
                       USB_DEVICE_DESC_LEN);
        break;
    case S_DEVICE:
        if ((bad = usb_parse_device(c->data, j->length, &desc)) ||
            j->length < USB_DEVICE_DESC_LEN) {
            abandon(c, bad ? bad : "device descriptor shorter than 18 bytes");
            break;
        }
        d->vendor = desc.vendor;
        d->product = desc.product;
        get_descriptor(c, S_CONFIG9, "GET_DESCRIPTOR(configuration)", 0, USB_DT_CONFIG, 0,
                       USB_CONFIG_DESC_LEN);
        break;
    case S_CONFIG9: {
        uint32_t total = j->length >= 4 ? (uint32_t)(c->data[2] | c->data[3] << 8) : 0;

        if (total < USB_CONFIG_DESC_LEN) {
            abandon(c, "configuration descriptor shorter than 9 bytes");
            break;
        }
        get_descriptor(c, S_CONFIG, "GET_DESCRIPTOR(configuration)", 0, USB_DT_CONFIG, 0,
                       (uint16_t)(total > PGSIZE ? PGSIZE : total));
        break;
    }
    case S_CONFIG:
        choose(c, d);
        break;
    case S_CONFIGURED:
        prepare_function(c, d);
        break;
    case S_PROTOCOL:
        // Reports only when a key changes (idle rate 0): the keyboard's own
        // repeats would be dropped anyway.
        j->step = S_IDLE;
        control(c, j->slot, "SET_IDLE", USB_TYPE_CLASS | USB_RECIP_INTERFACE, HID_REQ_SET_IDLE,
                0, d->fn.interface, 0);
        break;
    case S_IDLE:
        configure_endpoint(c, d);
        break;
    case S_REPORT:
        read_report_descriptor(c, d);
        break;
    case S_HUB:
        read_hub_descriptor(c, d);
        break;
    case S_ENDPOINT:
        if (d->kind != USB_FN_HUB) {
            bind(c, d);
            break;
        }
        j->counter = 0;
        power_hub_ports(c, d);
        break;
    case S_HUB_POWER:
        power_hub_ports(c, d);
        break;
    case S_HUB_POWERED:
        bind(c, d);
        break;
    }
}

// ---- the poll ---------------------------------------------------------------------

// A report from a bound device's interrupt endpoint: to the pad (a
// keyboard, a pad), or ports to look at (a hub).  A failed one makes the
// device be dropped: its endpoint has halted.
static void report(struct controller *c, struct device *d, const volatile struct xhci_trb *ev)
{
    uint32_t code = ev->status >> 24;
    int32_t index = xhci_ring_index(&d->intr, (uint64_t)ev->param_hi << 32 | ev->param_lo);
    uint32_t buffer, length;
    const uint8_t *bytes;

    if (d->broken || index < 0 || index == (int32_t)d->intr.size - 1)
        return;
    buffer = d->intr.trb[index].param_lo;
    if (buffer < report_buffer(d, 0) || buffer + d->report_bytes > d->output_ctx + PGSIZE)
        return;
    if (code != XHCI_CC_SUCCESS && code != XHCI_CC_SHORT_PACKET) {
        kprintf("usb: port %s slot %u: report failed (%s)\n", d->path, slot_of(c, d),
                completion_name(code));
        d->broken = 1;
        if (d->parent)
            c->dev[d->parent].hub_pending |= (uint16_t)(1u << d->port);
        else
            set_bit(c->pending, d->port);
        c->look = 1;
        return;
    }
    length = d->fn.max_packet - (ev->status & 0xFFFFFF);
    if (length > d->fn.max_packet)
        length = 0;
    bytes = (const uint8_t *)buffer;
    if (d->kind == USB_FN_HUB) {
        // Bit n: port n changed (bit 0: the hub itself).
        uint32_t changed = (length > 0 ? bytes[0] : 0) | (length > 1 ? bytes[1] << 8 : 0);

        d->hub_pending |= (uint16_t)(changed & ((1u << d->hub_ports) - 1) << 1);
        c->look = 1;
    } else if (input_fn) {
        uint32_t buttons = d->kind == USB_FN_KEYBOARD ? hid_boot_keyboard_buttons(bytes, length)
                                                      : hid_pad_buttons(&d->map, bytes, length);

        // Only changes count: a pad may repeat its report every interval.
        if (buttons != d->buttons)
            c->changes[reading]++;
        d->buttons = buttons;
        input_fn(d->input, buttons);
    }
    queue_report(c, d, buffer);
}

static void event(struct controller *c, const volatile struct xhci_trb *ev)
{
    struct job *j = &c->job;
    uint32_t code = ev->status >> 24;
    uint32_t slot = ev->control >> 24;
    uint32_t dci = ev->control >> 16 & 0x1F;
    int ours = ev->param_lo == j->trb && ev->param_hi == 0;

    switch (XHCI_TRB_TYPE_OF(ev->control)) {
    case TRB_COMMAND_EVENT:
        if (j->waiting == WAIT_COMMAND && ours)
            advance(c, code, slot);
        break;
    case TRB_TRANSFER_EVENT:
        if (slot == 0 || slot > c->slots)
            break;
        if (dci != XHCI_DCI_EP0) {
            if (c->dev[slot].state == DEV_BOUND && dci == c->dev[slot].dci)
                report(c, &c->dev[slot], ev);
        } else if (j->waiting == WAIT_TRANSFER && slot == j->slot) {
            if (code == XHCI_CC_SHORT_PACKET && !ours) {
                uint32_t left = ev->status & 0xFFFFFF;
                j->length = (uint16_t)(left < j->asked ? j->asked - left : 0);
            } else if (code != XHCI_CC_SUCCESS || ours) {
                advance(c, code == XHCI_CC_SHORT_PACKET ? XHCI_CC_SUCCESS : code, slot);
            }
        }
        break;
    case TRB_PORT_EVENT: {
        uint32_t port = ev->param_lo >> 24;

        if (port >= 1 && port <= c->ports) {
            set_bit(c->pending, port);
            set_bit(c->hot, port);
            c->look = 1;
        }
        break;
    }
    case TRB_HOST_EVENT:
        kprintf("xhci: %s host controller event: %s\n", bdf(c), completion_name(code));
        break;
    }
}

// Starts the next port's job: root ports first, then each hub's.  0 when
// no port waits.
static int next_job(struct controller *c)
{
    struct job *j = &c->job;

    if (!c->look)
        return 0;
    for (uint32_t p = 1; p <= c->ports; p++) {
        if (!bit(c->pending, p))
            continue;
        clear_bit(c->pending, p);
        *j = (struct job){ .active = 1, .port = (uint8_t)p, .hot = (uint8_t)bit(c->hot, p) };
        clear_bit(c->hot, p);
        root_look(c);
        return 1;
    }
    for (uint32_t s = 1; s <= c->slots; s++) {
        struct device *hub = &c->dev[s];

        if (hub->state != DEV_BOUND || hub->kind != USB_FN_HUB || !hub->hub_pending)
            continue;
        for (uint32_t p = 1; p <= hub->hub_ports; p++) {
            if (!(hub->hub_pending >> p & 1))
                continue;
            hub->hub_pending &= (uint16_t)~(1u << p);
            *j = (struct job){ .active = 1, .hub = (uint8_t)s, .port = (uint8_t)p };
            port_request(c, S_HUB_LOOK, "GET_STATUS(port)", USB_REQ_GET_STATUS, 0);
            return 1;
        }
    }
    c->look = 0;
    return 0;
}

// The job's clock: a wait that is over, or a request that never
// completed.  0 while it still waits.
static int job_time(struct controller *c)
{
    struct job *j = &c->job;
    char text[96];

    if (j->waiting == WAIT_NONE || (int32_t)(now_ms - j->deadline) < 0)
        return 0;
    if (j->waiting == WAIT_TIME) {
        advance(c, XHCI_CC_SUCCESS, 0);
        return 1;
    }
    ksnprintf(text, sizeof(text), "%s: no answer within %u ms", j->what,
              j->waiting == WAIT_COMMAND ? COMMAND_MS : CONTROL_MS);
    if (j->waiting == WAIT_COMMAND) {
        uint32_t status = rd(c->op, XHCI_USBSTS);

        // A controller that gave up says so; else abort the command: the
        // ring stops, and the next command's doorbell restarts it past it.
        if (status & (XHCI_STS_HSE | XHCI_STS_HCE))
            kprintf("xhci: %s stopped: %s\n", bdf(c), status & XHCI_STS_HSE ?
                    "host system error (a DMA failed)" : "host controller error");
        wr64(c->op, XHCI_CRCR, XHCI_CRCR_CA);
    }
    j->waiting = WAIT_NONE;
    if (j->step == S_DETACHED || j->step == S_ABANDONED) {
        // The controller may still own the slot's memory: it is kept.
        uint32_t slot = j->step == S_DETACHED ? j->counter : j->slot;

        kprintf("usb: slot %u: %s, its memory kept\n", slot, text);
        c->dev[slot] = (struct device){ 0 };
        finish(c);
        return 1;
    }
    abandon(c, text);
    return 1;
}

// Every event posted, each job step that completes at once (QEMU's do),
// then the next ports' jobs, until the controller has nothing more to say.
// Not inlined: the idle tick (xhci_poll) then never sets up its frame.
static __attribute__((noinline)) void poll(struct controller *c)
{
    const volatile struct xhci_trb *ev;
    uint32_t popped = 0;

    now_ms = ticks * TICK_MS;
    for (uint32_t n = 0; n < 2 * EVENT_TRBS; n++) {
        if ((ev = xhci_events_peek(&c->events))) {
            event(c, ev);
            xhci_events_pop(&c->events);
            popped++;
            continue;
        }
        if (popped) {
            wr64(c->rt + XHCI_IR0, XHCI_ERDP, xhci_events_dequeue(&c->events) | XHCI_ERDP_EHB);
            popped = 0;
        }
        if (c->job.active ? !job_time(c) : !next_job(c))
            break;
    }
    if (popped)
        wr64(c->rt + XHCI_IR0, XHCI_ERDP, xhci_events_dequeue(&c->events) | XHCI_ERDP_EHB);
}

// An event a tick finds on a controller that interrupts is left to its
// MSI: the event and the tick came together, the MSI waits at the LAPIC
// while the tick runs with interrupts off, and is taken as soon as the tick
// returns to a task.  Found still there, unread, at the next tick, the MSI
// did not come: the tick reads the ring from then on, as for a controller
// without one.  The place includes the cycle: a full turn of the ring
// between two ticks is not the same event.  Not inlined, as poll().
static __attribute__((noinline)) int leave_to_msi(struct controller *c)
{
    uint32_t place = (c->events.dequeue << 1 | c->events.cycle) + 1;

    if (c->left != place) {
        c->left = place;
        return 1;
    }
    c->msi = 0;
    kprintf("xhci: %s its MSI did not come within a tick: polled every tick from now on\n",
            bdf(c));
    return 0;
}

void xhci_poll(void)
{
    for (int i = 0; i < ncontrollers; i++) {
        struct controller *c = &controllers[i];

        // Most ticks: no job, no port waiting, no event: one read of memory.
        // A job's steps read the events they bring along with the rest.
        if (!c->job.active && !c->look &&
            (!xhci_events_peek(&c->events) || (c->msi && leave_to_msi(c))))
            continue;
        poll(c);
    }
}

// Kernel code runs with interrupts off, so the MSI only ever interrupts a
// task in ring 3 or the idle task's hlt: never a tick's poll, or the boot,
// halfway through a ring.  IP is written 1 to clear it first (QEMU clears
// it itself once the MSI is sent, real controllers may not): an event
// posted from then on sets it again.  poll() then moves ERDP with EHB
// written 1, which clears it: until then the controller sends no other
// MSI.  An MSI that finds no controller with IP set or an event (one the
// tick read first, or a stray one) changes nothing.
void xhci_interrupt(void)
{
    int found = 0;

    msi_count++;
    reading = BY_MSI;
    for (int i = 0; i < ncontrollers; i++) {
        struct controller *c = &controllers[i];
        uint32_t iman;

        if (!c->msi)
            continue;
        iman = rd(c->rt + XHCI_IR0, XHCI_IMAN);
        if (iman & XHCI_IMAN_IP)
            wr(c->rt + XHCI_IR0, XHCI_IMAN, iman);
        else if (!xhci_events_peek(&c->events))
            continue;
        found = 1;
        c->left = 0;
        poll(c);
    }
    reading = BY_TICK;
    if (!found)
        msi_idle++;
}

// The MSI, aimed at this CPU's LAPIC on T_XHCI, where the LAPIC takes
// messages: by MSI-X when the controller has it with its table in the
// registers' window (QEMU's qemu-xhci has MSI-X only), else by MSI; else
// the tick's poll alone, as it always reads the ring too.  IMOD spaces interrupts 1 ms apart at
// least; a key after a quiet spell still interrupts at once (the
// moderation counter has long run down).  IE and then INTE open the way
// last, once the message is set; IP is left as it is: events posted since
// the start make the controller send the MSI as INTE comes on.
static void use_msi(struct controller *c)
{
    uint32_t address = lapic_msi_address();
    const char *way = "MSI-X";

    if (!address) {
        kprintf("xhci: %s polled every tick: no local APIC to take an MSI\n", bdf(c));
        return;
    }
    if (pci_msix_enable(c->pci, c->cap, XHCI_WINDOW, address, T_XHCI) < 0) {
        way = "MSI";
        if (pci_msi_enable(c->pci, address, T_XHCI) < 0) {
            kprintf("xhci: %s no MSI or MSI-X, polled every tick\n", bdf(c));
            return;
        }
    }
    idt_set_gate(T_XHCI, xhci_stub, 0);
    wr(c->rt + XHCI_IR0, XHCI_IMOD, XHCI_IMOD_1MS);
    wr(c->rt + XHCI_IR0, XHCI_IMAN, XHCI_IMAN_IE);
    // xhci_msi=off (tests) leaves INTE off: the MSI set up, never sent.
    if (config.xhci_msi)
        wr(c->op, XHCI_USBCMD, rd(c->op, XHCI_USBCMD) | XHCI_CMD_INTE);
    c->msi = 1;
    kprintf("xhci: %s interrupts by %s on vector %u (address 0x%08x), polled every tick "
            "for its timers\n", bdf(c), way, T_XHCI, address);
}

void xhci_start(void)
{
    started_tsc = rdtsc();
    started_ticks = ticks;
    for (int i = 0; i < ncontrollers; i++)
        use_msi(&controllers[i]);
    if (ncontrollers)
        clock_set_tick_work(TICK_USB, xhci_poll);
}

void xhci_stray_interrupt(void)
{
    for (int i = 0; i < ncontrollers; i++) {
        if (controllers[i].msi) {
            kprintf("xhci: vector %u raised with nothing pending (selftest=usbmsi)\n", T_XHCI);
            lapic_self_interrupt(T_XHCI);
            return;
        }
    }
    kprintf("xhci: no controller interrupts by MSI, selftest=usbmsi raises nothing\n");
}

void xhci_report(void)
{
    if (!ncontrollers)
        return;
    for (int i = 0; i < ncontrollers; i++)
        kprintf("xhci: %s reports that changed a button: %u read by its MSI, %u by the "
                "tick's poll\n", bdf(&controllers[i]), controllers[i].changes[BY_MSI],
                controllers[i].changes[BY_TICK]);
    kprintf("xhci: %u MSIs on vector %u, %u of them with nothing pending (ignored)\n",
            msi_count, T_XHCI, msi_idle);
    if (!bound_count) {
        kprintf("usb: no keyboard or pad bound\n");
        return;
    }
    kprintf("usb: keyboards and pads bound: %u; the first %u ticks, %u TSC counts after "
            "polling began\n", bound_count, first_bound_ticks - started_ticks,
            (uint32_t)(first_bound_tsc - started_tsc));
}

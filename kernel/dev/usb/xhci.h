// xHCI, the USB host controller of every PC since about 2012 (the xHCI 1.2
// specification's numbers; docs/usb.md tells each step and why).
//
// xhcidata.c holds the pure parts: the arithmetic of TRB rings, contexts,
// intervals and scratchpads, and the walk of the extended capabilities
// through a read function, so host tests run them; xhci.c is the driver.
#ifndef GENESIS_XHCI_H
#define GENESIS_XHCI_H

#include <stdint.h>

#include "dev/usb/usb.h"

// PCI class of an xHCI controller.
#define XHCI_CLASS          0x0C         // serial bus controller
#define XHCI_SUBCLASS       0x03         // USB
#define XHCI_PROGIF         0x30         // xHCI

#define XHCI_WINDOW         0x10000      // mapped from BAR0: every register a driver needs

// Capability registers, read as aligned dwords (byte offsets): some
// controllers answer byte reads of them with garbage.
#define XHCI_CAP_LENGTH     0x00         // bits 0-7: CAPLENGTH, 16-31: HCIVERSION (BCD)
#define XHCI_HCSPARAMS1     0x04         // MaxSlots 0-7, MaxIntrs 8-18, MaxPorts 24-31
#define XHCI_HCSPARAMS2     0x08         // scratchpad counts: hi 5 bits at 21-25, lo 5 at 27-31
#define XHCI_HCCPARAMS1     0x10         // AC64 0, CSZ 2, xECP 16-31 (in dwords)
#define XHCI_DBOFF          0x14         // doorbell array (bits 2-31)
#define XHCI_RTSOFF         0x18         // runtime registers (bits 5-31)
#define XHCI_CAP_MIN        0x20         // the capability registers take at least this much
#define XHCI_HCC_AC64       0x1          // 64-bit DMA addresses
#define XHCI_HCC_CSZ        0x4          // 64-byte contexts, not 32
#define XHCI_SPB_HI_SHIFT   21
#define XHCI_SPB_LO_SHIFT   27
#define XHCI_SPB_MASK       0x1F

// Operational registers (from CAPLENGTH).
#define XHCI_USBCMD         0x00
#define XHCI_USBSTS         0x04
#define XHCI_PAGESIZE       0x08         // bit n: pages of 2^(n+12) bytes
#define XHCI_CRCR           0x18         // command ring control, 64 bits
#define XHCI_DCBAAP         0x30         // device context base address array, 64 bits
#define XHCI_CONFIG         0x38         // bits 0-7: slots enabled
#define XHCI_PORTSC(n)      (0x400 + 0x10 * ((n) - 1)) // port n (from 1)
#define XHCI_CMD_RUN        0x001        // R/S
#define XHCI_CMD_RESET      0x002        // HCRST
#define XHCI_CMD_INTE       0x004        // interrupter enable: no interrupt reaches the bus without it
#define XHCI_STS_HALTED     0x001        // HCH
#define XHCI_STS_HSE        0x004        // host system error: a DMA went wrong
#define XHCI_STS_CNR        0x800        // controller not ready: no register writes yet
#define XHCI_STS_HCE        0x1000       // host controller error: it gave up
#define XHCI_PAGE_4K        0x1          // PAGESIZE bit 0
#define XHCI_CRCR_RCS       0x1          // ring cycle state
#define XHCI_CRCR_CA        0x4          // command abort

// Runtime registers (from RTSOFF): interrupter 0.
#define XHCI_IR0            0x20
#define XHCI_IMAN           0x00         // bit 0: IP (write 1 to clear), bit 1: IE
#define XHCI_IMOD           0x04         // bits 0-15: the least time between interrupts, 250 ns units
#define XHCI_ERSTSZ         0x08
#define XHCI_ERSTBA         0x10         // 64 bits; writing it starts the event ring
#define XHCI_ERDP           0x18         // 64 bits
#define XHCI_ERDP_EHB       0x8          // event handler busy: write 1 to clear
#define XHCI_IMAN_IP        0x1
#define XHCI_IMAN_IE        0x2
#define XHCI_IMOD_1MS       4000         // a pad streaming reports interrupts at most 1000 times a second

// PORTSC.
#define XHCI_PORT_CCS       (1u << 0)    // something is connected
#define XHCI_PORT_PED       (1u << 1)    // enabled (writing 1 disables it)
#define XHCI_PORT_PR        (1u << 4)    // reset
#define XHCI_PORT_PP        (1u << 9)    // powered
#define XHCI_PORT_SPEED_SHIFT 10         // bits 10-13: USB_SPEED_x
#define XHCI_PORT_SPEED_MASK 0xF
#define XHCI_PORT_CSC       (1u << 17)   // connect status change
#define XHCI_PORT_PRC       (1u << 21)   // port reset change
#define XHCI_PORT_CHANGES   0x00FE0000u  // CSC PEC WRC OCC PRC PLC CEC: write 1 to clear
// The bits a write must give back as read, or it changes them: PP, the
// indicator (14-15) and the wake enables (25-27).  Everything else is
// written 0: PED, PR and the change bits act on a 1.
#define XHCI_PORT_KEEP      0x0E00C200u

// Extended capabilities: a list in the registers, from HCCPARAMS1.xECP.
#define XHCI_EXT_LEGACY     1            // USB legacy support: BIOS/OS ownership
#define XHCI_EXT_PROTOCOL   2            // supported protocol: which ports are USB 2 or 3
#define XHCI_EXT_MAX_HOPS   (XHCI_WINDOW / 4) // more entries than dwords means a loop
#define XHCI_LEGACY_BIOS    (1u << 16)   // USBLEGSUP: the firmware owns the controller
#define XHCI_LEGACY_OS      (1u << 24)   // USBLEGSUP: the OS asks for it
#define XHCI_LEGCTLSTS      0x04         // USBLEGCTLSTS, from the capability
#define XHCI_LEGACY_SMI_ENABLES 0x0000E011u // SMIs on USB, host error, ownership, PCI command, BAR
#define XHCI_LEGACY_SMI_EVENTS 0xE0000000u // their status: write 1 to clear
#define XHCI_PROTOCOL_PORTS 0x08         // from the capability: offset 0-7, count 8-15

// TRBs: 16 bytes, the last dword's bit 0 the cycle bit that hands it over.
#define XHCI_TRB_BYTES      16
#define XHCI_TRB_CYCLE      (1u << 0)
#define XHCI_TRB_TC         (1u << 1)    // link: toggle the cycle state
#define XHCI_TRB_ISP        (1u << 2)    // an event on a short packet
#define XHCI_TRB_IOC        (1u << 5)    // an event on completion
#define XHCI_TRB_IDT        (1u << 6)    // the data is in the TRB (setup)
#define XHCI_TRB_DIR_IN     (1u << 16)   // data and status stages
#define XHCI_TRB_TYPE_SHIFT 10
#define XHCI_TRB_TYPE(t)    ((uint32_t)(t) << XHCI_TRB_TYPE_SHIFT)
#define XHCI_TRB_TYPE_OF(c) ((c) >> XHCI_TRB_TYPE_SHIFT & 0x3F)
#define XHCI_TRB_SLOT(s)    ((uint32_t)(s) << 24)
#define XHCI_TRT_NONE       (0u << 16)   // setup: no data stage
#define XHCI_TRT_IN         (3u << 16)   // setup: an IN data stage
#define XHCI_SETUP_LEN      8

// TRB types.
#define TRB_NORMAL          1
#define TRB_SETUP           2
#define TRB_DATA            3
#define TRB_STATUS          4
#define TRB_LINK            6
#define TRB_ENABLE_SLOT     9
#define TRB_DISABLE_SLOT    10
#define TRB_ADDRESS_DEVICE  11
#define TRB_CONFIGURE_EP    12
#define TRB_EVALUATE_CONTEXT 13
#define TRB_TRANSFER_EVENT  32
#define TRB_COMMAND_EVENT   33
#define TRB_PORT_EVENT      34
#define TRB_HOST_EVENT      37

// Completion codes (event TRB, dword 2 bits 24-31).
#define XHCI_CC_SUCCESS     1
#define XHCI_CC_BABBLE      3            // the device sent more than asked
#define XHCI_CC_TRANSACTION 4            // no good answer after CErr retries
#define XHCI_CC_TRB         5            // a TRB the controller refuses
#define XHCI_CC_STALL       6            // the device refused the request
#define XHCI_CC_NO_SLOTS    9
#define XHCI_CC_SHORT_PACKET 13
#define XHCI_CC_PARAMETER   17           // a context field the controller refuses
#define XHCI_CC_CONTEXT_STATE 19         // a command the slot's state does not allow

// Contexts: 32 or 64 bytes each (HCCPARAMS1.CSZ).  A device context is the
// slot context and 31 endpoint contexts by DCI (device context index:
// endpoint 0 is 1, then 2 x number + 1 for IN); an input context has the
// input control context (drop and add flags) in front.
#define XHCI_DCI_EP0        1
#define XHCI_DCI(addr)      (((addr) & USB_EP_NUMBER) * 2 + ((addr) & USB_EP_IN ? 1 : 0))
#define XHCI_EP_CONTROL     4            // endpoint context: EP type
#define XHCI_EP_INTERRUPT_IN 7
#define XHCI_EP_ERRORS      3            // CErr: retries of a failed transaction

// A TRB as the controller reads it.
struct xhci_trb {
    uint32_t param_lo, param_hi, status, control;
};

// A ring the driver produces into (commands, transfers): one segment whose
// last TRB links back to its first.
struct xhci_ring {
    volatile struct xhci_trb *trb;
    uint32_t phys;                       // bus address of trb[0], below 4 GiB
    uint32_t size;                       // TRBs, the link included
    uint32_t enqueue;                    // where the next TRB goes
    uint32_t cycle;                      // the producer's cycle state
};

// The event ring the controller produces into: one segment, no link.
struct xhci_event_ring {
    volatile struct xhci_trb *trb;
    uint32_t phys;
    uint32_t size;
    uint32_t dequeue;
    uint32_t cycle;                      // the consumer's cycle state
};

// What a slot context holds (the fields the driver sets).
struct xhci_slot_info {
    uint32_t route;                      // route string
    uint8_t  speed;                      // USB_SPEED_x
    uint8_t  root_port;
    uint8_t  entries;                    // the last valid DCI
    uint8_t  hub;                        // the device is a hub
    uint8_t  ports;                      // a hub's ports
    uint8_t  think_time;                 // a high-speed hub's TT think time
    uint8_t  tt_slot, tt_port;           // a low/full-speed device behind a high-speed hub
};

// What an endpoint context holds.
struct xhci_endpoint_info {
    uint8_t  type;                       // XHCI_EP_x
    uint16_t max_packet;
    uint8_t  interval;                   // xHCI exponent: 2^n x 125 us
    uint32_t ring;                       // the transfer ring's bus address
    uint16_t average;                    // average TRB length
};

// The capability registers' fields (the probe logs them).
struct xhci_caps {
    uint8_t  caplength;                  // where the operational registers start
    uint16_t version;                    // BCD: 0x0100 is 1.00
    uint8_t  slots;                      // device slots
    uint16_t interrupters;
    uint8_t  ports;                      // root hub ports
    uint8_t  ac64;                       // 64-bit DMA addresses
    uint8_t  context_bytes;              // 32 or 64
};

// Reads a dword of the register window at a byte offset.
typedef uint32_t xhci_read_fn(void *regs, uint32_t offset);

// ---- pure (xhcidata.c) ----

// Decodes the three capability dwords.  0 when they cannot be a
// controller's: all ones (nothing answers) or a CAPLENGTH too short.
int xhci_decode_caps(uint32_t length, uint32_t hcsparams1, uint32_t hccparams1,
                     struct xhci_caps *caps);

// Scratchpad buffers the controller asks for, from HCSPARAMS2's two fields.
uint32_t xhci_scratchpads(uint32_t hcsparams2);

// Fills the scratchpad buffer array with count pages from page() (the
// controller's page size is 4 KiB, so each must be 4 KiB aligned; the
// upper halves are 0).  -1 when page() gives none or a misaligned one;
// the pages already given stay in the array for the caller to see.
int xhci_scratchpad_array(volatile uint64_t *array, uint32_t count, uint32_t (*page)(void));

// Lays a ring over mem (bus address phys, size TRBs, zeroed): a link TRB
// at the end back to the start, producer cycle 1.
void xhci_ring_init(struct xhci_ring *r, void *mem, uint32_t phys, uint32_t size);

// Writes a TRB at the enqueue pointer, its control dword (and the cycle
// bit, which hands it to the controller) last; passes the link TRB when it
// comes to it, handing that over too and toggling the cycle.  Returns the
// bus address of the TRB written.
uint32_t xhci_ring_push(struct xhci_ring *r, uint32_t param_lo, uint32_t param_hi,
                        uint32_t status, uint32_t control);

// The index in r of the TRB at bus address phys, or -1 when it is not one of r's.
int32_t xhci_ring_index(const struct xhci_ring *r, uint64_t phys);

// Lays the event ring over mem (zeroed): consumer cycle 1.
void xhci_events_init(struct xhci_event_ring *e, void *mem, uint32_t phys, uint32_t size);

// The next event, or 0 when the controller has not written one (its cycle
// bit is not the consumer's); xhci_events_pop moves past it.  Inline: every
// clock tick asks.
static inline const volatile struct xhci_trb *xhci_events_peek(const struct xhci_event_ring *e)
{
    const volatile struct xhci_trb *t = &e->trb[e->dequeue];

    return (t->control & XHCI_TRB_CYCLE) == e->cycle ? t : 0;
}
void xhci_events_pop(struct xhci_event_ring *e);

// The bus address of the next event to read: what ERDP is told.
uint32_t xhci_events_dequeue(const struct xhci_event_ring *e);

// The byte offset of context dci (0: the slot context) in a device context,
// or in an input context (input: 1), with contexts of context_bytes.
uint32_t xhci_context_offset(uint32_t context_bytes, int input, uint32_t dci);

// Writes a slot context's fields into ctx (the first 16 bytes).
void xhci_slot_context(volatile uint32_t *ctx, const struct xhci_slot_info *s);

// Writes an endpoint context's fields into ctx (the first 20 bytes).
void xhci_endpoint_context(volatile uint32_t *ctx, const struct xhci_endpoint_info *e);

// The endpoint context interval of an interrupt endpoint: bInterval counts
// frames (1 ms) at low and full speed, 2^(bInterval-1) microframes above.
uint8_t xhci_interval(uint32_t speed, uint8_t binterval);

// The interval a keyboard's or pad's endpoint gets: its own, but every
// millisecond at least (exponent XHCI_INPUT_INTERVAL_MAX).
#define XHCI_INPUT_INTERVAL_MAX 3        // 2^3 x 125 us = 1 ms
uint8_t xhci_input_interval(uint32_t speed, uint8_t binterval);

// EP0's packet size before the device descriptor says: 8 at low speed, 64
// at full and high speed (read again at full speed), 512 at super speed.
uint16_t xhci_default_packet0(uint32_t speed);

// The byte offset of the first extended capability with id from xecp (a
// dword count, HCCPARAMS1 bits 16-31) on, after the one at byte offset
// after (0: from the start), within window bytes.  0 when there is none.
uint32_t xhci_find_ext_cap(xhci_read_fn *read, void *regs, uint32_t xecp, uint32_t window,
                           uint8_t id, uint32_t after);

// Fills major[port - 1] with the USB major revision (2 or 3) each
// supported protocol capability gives the root ports 1..ports (0 where none
// says).  Returns how many ports it named.
uint32_t xhci_port_protocols(xhci_read_fn *read, void *regs, uint32_t xecp, uint32_t window,
                             uint8_t *major, uint32_t ports);

// The value to write to PORTSC to clear the change bits in `clear` and set
// the bits in `set` (XHCI_PORT_PR, XHCI_PORT_PP), leaving the rest as they are.
uint32_t xhci_port_write(uint32_t portsc, uint32_t clear, uint32_t set);

// ---- the driver (xhci.c) ----

// Takes every xHCI controller pci_init found from the firmware, resets
// and starts it, and logs it (or why it was skipped).  Call after
// clock_init (its waits are timed by the clock's reference) and before
// anything polls.  Returns how many controllers run.
int xhci_init(void);

// From now on the clock tick polls the controllers (when any runs), and
// each that has an MSI interrupts on T_XHCI as soon as it posts an event;
// the time from here to the first keyboard or pad bound is in xhci_report.
void xhci_start(void);

// The MSI on T_XHCI (trap.c, which sends the LAPIC its EOI): reads the
// events of every controller that has some, as xhci_poll does.  An MSI
// with nothing pending changes nothing; it is counted for the report.
void xhci_interrupt(void);

// selftest=usbmsi: raises T_XHCI through the LAPIC while no controller has
// anything pending, as a stray MSI would (only where a controller uses MSI:
// elsewhere the vector has no gate).
void xhci_stray_interrupt(void);

// Where keyboards and pads report (the console's pad).
void xhci_on_input(usb_input_fn *input);

// Reads what the controllers have posted (an event on one that interrupts
// is left to its MSI, unless it waited a whole tick) and moves each
// device's enumeration on: called every clock tick, with interrupts off.
void xhci_poll(void);

// Logs what the run's devices did, for the halt report.
void xhci_report(void);

#endif

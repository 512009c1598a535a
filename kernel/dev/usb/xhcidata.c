// The pure parts of the xHCI driver (xhci.h): rings, contexts, intervals,
// the extended capability walk.  Registers are read only through the
// function they are given; every walk is bounded by the window and a hop
// count, whatever the registers answer.
#include <stdint.h>

#include "dev/usb/xhci.h"

int xhci_decode_caps(uint32_t length, uint32_t hcsparams1, uint32_t hccparams1,
                     struct xhci_caps *caps)
{
    *caps = (struct xhci_caps){
        .caplength = length & 0xFF,
        .version = length >> 16,
        .slots = hcsparams1 & 0xFF,
        .interrupters = hcsparams1 >> 8 & 0x7FF,
        .ports = hcsparams1 >> 24,
        .ac64 = hccparams1 & XHCI_HCC_AC64,
        .context_bytes = hccparams1 & XHCI_HCC_CSZ ? 64 : 32,
    };
    return length != 0xFFFFFFFF && caps->caplength >= XHCI_CAP_MIN;
}

uint32_t xhci_scratchpads(uint32_t hcsparams2)
{
    return (hcsparams2 >> XHCI_SPB_HI_SHIFT & XHCI_SPB_MASK) << 5 |
           (hcsparams2 >> XHCI_SPB_LO_SHIFT & XHCI_SPB_MASK);
}

int xhci_scratchpad_array(volatile uint64_t *array, uint32_t count, uint32_t (*page)(void))
{
    for (uint32_t i = 0; i < count; i++) {
        uint32_t pa = page();

        if (!pa || pa % 4096)
            return -1;
        array[i] = pa;
    }
    return 0;
}

void xhci_ring_init(struct xhci_ring *r, void *mem, uint32_t phys, uint32_t size)
{
    volatile struct xhci_trb *link;

    *r = (struct xhci_ring){ mem, phys, size, 0, 1 };
    link = &r->trb[size - 1];
    link->param_lo = phys;
    link->param_hi = 0;
    link->status = 0;
    // Its cycle bit is 0, not the producer's: the controller stops there
    // until the ring has been filled up to it.
    link->control = XHCI_TRB_TYPE(TRB_LINK) | XHCI_TRB_TC;
}

uint32_t xhci_ring_push(struct xhci_ring *r, uint32_t param_lo, uint32_t param_hi,
                        uint32_t status, uint32_t control)
{
    volatile struct xhci_trb *t = &r->trb[r->enqueue];
    uint32_t at = r->phys + r->enqueue * XHCI_TRB_BYTES;

    t->param_lo = param_lo;
    t->param_hi = param_hi;
    t->status = status;
    t->control = (control & ~XHCI_TRB_CYCLE) | r->cycle;
    if (++r->enqueue == r->size - 1) {
        volatile struct xhci_trb *link = &r->trb[r->enqueue];

        link->control = (link->control & ~XHCI_TRB_CYCLE) | r->cycle;
        r->cycle ^= 1;
        r->enqueue = 0;
    }
    return at;
}

int32_t xhci_ring_index(const struct xhci_ring *r, uint64_t phys)
{
    if (phys < r->phys || phys >= r->phys + (uint64_t)r->size * XHCI_TRB_BYTES ||
        (phys - r->phys) % XHCI_TRB_BYTES)
        return -1;
    return (int32_t)((phys - r->phys) / XHCI_TRB_BYTES);
}

void xhci_events_init(struct xhci_event_ring *e, void *mem, uint32_t phys, uint32_t size)
{
    *e = (struct xhci_event_ring){ mem, phys, size, 0, 1 };
}

void xhci_events_pop(struct xhci_event_ring *e)
{
    if (++e->dequeue == e->size) {
        e->dequeue = 0;
        e->cycle ^= 1;
    }
}

uint32_t xhci_events_dequeue(const struct xhci_event_ring *e)
{
    return e->phys + e->dequeue * XHCI_TRB_BYTES;
}

uint32_t xhci_context_offset(uint32_t context_bytes, int input, uint32_t dci)
{
    return (dci + (input ? 1 : 0)) * context_bytes;
}

void xhci_slot_context(volatile uint32_t *ctx, const struct xhci_slot_info *s)
{
    ctx[0] = (s->route & 0xFFFFF) | (uint32_t)s->speed << 20 | (uint32_t)(s->hub ? 1 : 0) << 26 |
             (uint32_t)s->entries << 27;
    ctx[1] = (uint32_t)s->root_port << 16 | (uint32_t)s->ports << 24;
    ctx[2] = s->tt_slot | (uint32_t)s->tt_port << 8 | (uint32_t)(s->think_time & 3) << 16;
    ctx[3] = 0;
}

void xhci_endpoint_context(volatile uint32_t *ctx, const struct xhci_endpoint_info *e)
{
    // An interrupt endpoint's bandwidth is reserved from its Max ESIT
    // Payload: one packet an interval.
    uint32_t esit = e->type == XHCI_EP_INTERRUPT_IN ? e->max_packet : 0;

    ctx[0] = (uint32_t)e->interval << 16;
    ctx[1] = XHCI_EP_ERRORS << 1 | (uint32_t)e->type << 3 | (uint32_t)e->max_packet << 16;
    ctx[2] = e->ring | 1;                // the dequeue cycle state starts at 1, as the ring
    ctx[3] = 0;
    ctx[4] = e->average | esit << 16;
}

uint8_t xhci_interval(uint32_t speed, uint8_t binterval)
{
    uint8_t n = 0;

    if (speed == USB_SPEED_LOW || speed == USB_SPEED_FULL) {
        // frames of 8 microframes: the largest power of two not above
        // bInterval x 8, as an exponent; 1 ms (3) to 128 ms (10).
        uint32_t microframes = (binterval ? binterval : 1) * 8u;

        while (microframes >> (n + 1))
            n++;
        return n < 3 ? 3 : n > 10 ? 10 : n;
    }
    // 2^(bInterval - 1) microframes, bInterval 1 to 16.
    n = binterval ? binterval - 1 : 0;
    return n > 15 ? 15 : n;
}

// A keyboard asks to be polled every 8 or 10 ms, and a key waits for the
// next poll: at 100 frames a second, often a frame.  The controller polls
// in hardware, and a poll the device answers with NAK costs the CPU
// nothing, so input devices are asked every millisecond (what Linux's
// usbhid does on request, with its kbpoll and jspoll parameters).
uint8_t xhci_input_interval(uint32_t speed, uint8_t binterval)
{
    uint8_t n = xhci_interval(speed, binterval);

    return n > XHCI_INPUT_INTERVAL_MAX ? XHCI_INPUT_INTERVAL_MAX : n;
}

uint16_t xhci_default_packet0(uint32_t speed)
{
    switch (speed) {
    case USB_SPEED_LOW:
        return 8;
    case USB_SPEED_SUPER:
    case USB_SPEED_SUPER_PLUS:
        return 512;
    }
    return 64;
}

uint32_t xhci_find_ext_cap(xhci_read_fn *read, void *regs, uint32_t xecp, uint32_t window,
                           uint8_t id, uint32_t after)
{
    uint32_t at = xecp * 4;

    if (window < 4)
        return 0;
    for (uint32_t hops = 0; at && at <= window - 4 && hops < XHCI_EXT_MAX_HOPS; hops++) {
        uint32_t header = read(regs, at);
        uint32_t next = header >> 8 & 0xFF;

        if (at > after && (header & 0xFF) == id)
            return at;
        at = next ? at + next * 4 : 0;
    }
    return 0;
}

uint32_t xhci_port_protocols(xhci_read_fn *read, void *regs, uint32_t xecp, uint32_t window,
                             uint8_t *major, uint32_t ports)
{
    uint32_t named = 0, at = 0;

    for (uint32_t i = 0; i < ports; i++)
        major[i] = 0;
    while ((at = xhci_find_ext_cap(read, regs, xecp, window, XHCI_EXT_PROTOCOL, at))) {
        if (window < XHCI_PROTOCOL_PORTS + 4 || at > window - XHCI_PROTOCOL_PORTS - 4)
            break;
        uint8_t revision = read(regs, at) >> 24;
        uint32_t span = read(regs, at + XHCI_PROTOCOL_PORTS);
        uint32_t first = span & 0xFF, count = span >> 8 & 0xFF;

        for (uint32_t p = first; p && p < first + count && p <= ports; p++) {
            if (!major[p - 1])
                named++;
            major[p - 1] = revision;
        }
    }
    return named;
}

uint32_t xhci_port_write(uint32_t portsc, uint32_t clear, uint32_t set)
{
    return (portsc & XHCI_PORT_KEEP) | (clear & XHCI_PORT_CHANGES) | set;
}

// The xHCI driver's pure parts (kernel/dev/usb/xhcidata.c): the capability
// decoding, scratchpads, TRB rings (enqueue, cycle bit, the link TRB's
// toggle), the event ring, context layouts for 32- and 64-byte contexts,
// slot and endpoint contexts, intervals, the extended capability walk over
// a fake register window, PORTSC writes.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "dev/usb/xhci.h"

static void qemu_xhci(void **state)
{
    (void)state;
    struct xhci_caps caps;

    // What qemu-xhci reports: CAPLENGTH 0x40, version 1.00, 64 slots, 16
    // interrupters, 8 ports, AC64 set, 32-byte contexts.
    assert_true(xhci_decode_caps(0x01000040, 0x08001040, 0x00087001, &caps));
    assert_int_equal(caps.caplength, 0x40);
    assert_int_equal(caps.version, 0x0100);
    assert_int_equal(caps.slots, 64);
    assert_int_equal(caps.interrupters, 16);
    assert_int_equal(caps.ports, 8);
    assert_int_equal(caps.ac64, 1);
    assert_int_equal(caps.context_bytes, 32);
}

static void fields_keep_to_their_bits(void **state)
{
    (void)state;
    struct xhci_caps caps;

    // MaxIntrs is bits 8-18: the reserved bits 19-23 stay out of it.
    assert_true(xhci_decode_caps(0x01100020, 0xFFFFFFFF, 0xFFFFFFFE, &caps));
    assert_int_equal(caps.caplength, 0x20);
    assert_int_equal(caps.version, 0x0110);
    assert_int_equal(caps.slots, 255);
    assert_int_equal(caps.interrupters, 0x7FF);
    assert_int_equal(caps.ports, 255);
    assert_int_equal(caps.ac64, 0);
    assert_int_equal(caps.context_bytes, 64);
}

static void not_a_controller(void **state)
{
    (void)state;
    struct xhci_caps caps;

    // Nothing answers: all ones.
    assert_false(xhci_decode_caps(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, &caps));
    // Memory that reads zeros, and a CAPLENGTH shorter than the registers it
    // must cover.
    assert_false(xhci_decode_caps(0, 0, 0, &caps));
    assert_false(xhci_decode_caps(0x0100001F, 0x08001040, 0, &caps));
}

static void scratchpad_counts(void **state)
{
    (void)state;
    // Hi (bits 21-25) are the count's upper 5 bits, Lo (27-31) its lower.
    assert_int_equal(xhci_scratchpads(0), 0);
    assert_int_equal(xhci_scratchpads(2u << 27), 2);
    assert_int_equal(xhci_scratchpads(1u << 21), 32);
    assert_int_equal(xhci_scratchpads(1u << 21 | 2u << 27), 34);
    assert_int_equal(xhci_scratchpads(0xFFFFFFFF), 1023);
    // Bits 26 (SPR) and 0-20 are not part of it.
    assert_int_equal(xhci_scratchpads(1u << 26 | 0x1FFFFF), 0);
}

static uint32_t next_page;
static uint32_t pages_left;

static uint32_t fake_page(void)
{
    if (!pages_left)
        return 0;
    pages_left--;
    next_page += 0x1000;
    return next_page;
}

static uint32_t misaligned_page(void)
{
    return 0x1234;
}

static void scratchpad_arrays(void **state)
{
    (void)state;
    uint64_t array[8];

    memset(array, 0xAA, sizeof(array));
    next_page = 0x100000;
    pages_left = 4;
    assert_int_equal(xhci_scratchpad_array(array, 4, fake_page), 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(array[i], 0x101000u + 0x1000u * i);   // upper halves 0
    assert_int_equal(array[4], 0xAAAAAAAAAAAAAAAAull);         // nothing past count
    // Memory running out part-way: -1, the pages given so far in the array.
    pages_left = 2;
    assert_int_equal(xhci_scratchpad_array(array, 3, fake_page), -1);
    assert_int_equal(array[1], 0x106000);
    assert_int_equal(xhci_scratchpad_array(array, 1, misaligned_page), -1);
    assert_int_equal(xhci_scratchpad_array(array, 0, misaligned_page), 0);
}

#define RING_TRBS           4
#define RING_PHYS           0x00345000u

static void a_ring_laps_with_its_cycle_bit(void **state)
{
    (void)state;
    struct xhci_trb mem[RING_TRBS];
    struct xhci_ring r;

    memset(mem, 0, sizeof(mem));
    xhci_ring_init(&r, mem, RING_PHYS, RING_TRBS);
    // The link TRB: back to the start, toggle cycle, not yet handed over.
    assert_int_equal(mem[3].param_lo, RING_PHYS);
    assert_int_equal(mem[3].param_hi, 0);
    assert_int_equal(mem[3].control, XHCI_TRB_TYPE(TRB_LINK) | XHCI_TRB_TC);
    // Three TRBs with cycle 1; a cycle bit in the caller's control is ignored.
    assert_int_equal(xhci_ring_push(&r, 1, 2, 3, XHCI_TRB_TYPE(TRB_NORMAL) | XHCI_TRB_IOC),
                     RING_PHYS);
    assert_int_equal(xhci_ring_push(&r, 4, 0, 0, XHCI_TRB_TYPE(TRB_NORMAL) | XHCI_TRB_CYCLE),
                     RING_PHYS + 16);
    assert_int_equal(mem[0].param_lo, 1);
    assert_int_equal(mem[0].param_hi, 2);
    assert_int_equal(mem[0].status, 3);
    assert_int_equal(mem[0].control, XHCI_TRB_TYPE(TRB_NORMAL) | XHCI_TRB_IOC | 1);
    assert_int_equal(mem[1].control & XHCI_TRB_CYCLE, 1);
    assert_int_equal(mem[3].control & XHCI_TRB_CYCLE, 0);
    // The third fills the segment: the link is handed over with cycle 1,
    // and the producer's cycle turns to 0 at the start again.
    assert_int_equal(xhci_ring_push(&r, 5, 0, 0, XHCI_TRB_TYPE(TRB_NORMAL)), RING_PHYS + 32);
    assert_int_equal(mem[3].control, XHCI_TRB_TYPE(TRB_LINK) | XHCI_TRB_TC | 1);
    assert_int_equal(r.enqueue, 0);
    assert_int_equal(r.cycle, 0);
    // The second lap writes cycle 0 over the first lap's 1s.
    assert_int_equal(xhci_ring_push(&r, 6, 0, 0, XHCI_TRB_TYPE(TRB_NORMAL)), RING_PHYS);
    assert_int_equal(mem[0].control & XHCI_TRB_CYCLE, 0);
    assert_int_equal(mem[1].control & XHCI_TRB_CYCLE, 1);
    xhci_ring_push(&r, 7, 0, 0, XHCI_TRB_TYPE(TRB_NORMAL));
    xhci_ring_push(&r, 8, 0, 0, XHCI_TRB_TYPE(TRB_NORMAL));
    assert_int_equal(mem[3].control, XHCI_TRB_TYPE(TRB_LINK) | XHCI_TRB_TC);
    assert_int_equal(r.cycle, 1);
    assert_int_equal(mem[2].param_lo, 8);
}

static void ring_indexes(void **state)
{
    (void)state;
    struct xhci_trb mem[RING_TRBS];
    struct xhci_ring r;

    xhci_ring_init(&r, mem, RING_PHYS, RING_TRBS);
    assert_int_equal(xhci_ring_index(&r, RING_PHYS), 0);
    assert_int_equal(xhci_ring_index(&r, RING_PHYS + 48), 3);
    assert_int_equal(xhci_ring_index(&r, RING_PHYS + 64), -1);
    assert_int_equal(xhci_ring_index(&r, RING_PHYS - 16), -1);
    assert_int_equal(xhci_ring_index(&r, RING_PHYS + 8), -1);
    assert_int_equal(xhci_ring_index(&r, (1ull << 32) + RING_PHYS), -1);
}

static void the_event_ring(void **state)
{
    (void)state;
    struct xhci_trb mem[RING_TRBS];
    struct xhci_event_ring e;

    memset(mem, 0, sizeof(mem));
    xhci_events_init(&e, mem, RING_PHYS, RING_TRBS);
    // Zeroed memory: cycle 0, not the consumer's 1: nothing posted yet.
    assert_null(xhci_events_peek(&e));
    assert_int_equal(xhci_events_dequeue(&e), RING_PHYS);
    for (int i = 0; i < RING_TRBS; i++) {
        mem[i].control = XHCI_TRB_TYPE(TRB_PORT_EVENT) | 1;
        assert_ptr_equal(xhci_events_peek(&e), &mem[i]);
        xhci_events_pop(&e);
    }
    // Past the end: back to the start, where the old events' 1 is now stale.
    assert_int_equal(xhci_events_dequeue(&e), RING_PHYS);
    assert_int_equal(e.cycle, 0);
    assert_null(xhci_events_peek(&e));
    mem[0].control = XHCI_TRB_TYPE(TRB_COMMAND_EVENT);
    assert_ptr_equal(xhci_events_peek(&e), &mem[0]);
    xhci_events_pop(&e);
    assert_int_equal(xhci_events_dequeue(&e), RING_PHYS + 16);
}

static void context_layouts(void **state)
{
    (void)state;
    // 32-byte contexts (CSZ 0): the slot first, endpoint DCI n at n x 32;
    // an input context has its control context in front.
    assert_int_equal(xhci_context_offset(32, 0, 0), 0);
    assert_int_equal(xhci_context_offset(32, 0, XHCI_DCI_EP0), 32);
    assert_int_equal(xhci_context_offset(32, 0, 3), 96);
    assert_int_equal(xhci_context_offset(32, 1, 0), 32);
    assert_int_equal(xhci_context_offset(32, 1, XHCI_DCI_EP0), 64);
    assert_int_equal(xhci_context_offset(32, 1, 31), 1024);
    // 64-byte contexts (CSZ 1): everything twice as far; the largest input
    // context still fits the page it is given.
    assert_int_equal(xhci_context_offset(64, 0, XHCI_DCI_EP0), 64);
    assert_int_equal(xhci_context_offset(64, 0, 3), 192);
    assert_int_equal(xhci_context_offset(64, 1, 0), 64);
    assert_int_equal(xhci_context_offset(64, 1, XHCI_DCI_EP0), 128);
    assert_int_equal(xhci_context_offset(64, 1, 31) + 64, 2112);
    // Endpoint addresses to DCIs: EP 1 IN is 3, EP 2 OUT is 4, EP 15 IN is 31.
    assert_int_equal(XHCI_DCI(0x81), 3);
    assert_int_equal(XHCI_DCI(0x02), 4);
    assert_int_equal(XHCI_DCI(0x8F), 31);
}

static void slot_and_endpoint_contexts(void **state)
{
    (void)state;
    uint32_t ctx[8];

    memset(ctx, 0xFF, sizeof(ctx));
    struct xhci_slot_info s = { .route = 0x1FFF23, .speed = USB_SPEED_FULL, .root_port = 6,
                                .entries = 3, .hub = 1, .ports = 8, .think_time = 7,
                                .tt_slot = 2, .tt_port = 4 };
    xhci_slot_context(ctx, &s);
    // Route string bits 0-19 (the 21st bit dropped), speed 20-23, hub 26,
    // context entries 27-31; root port 16-23 and ports 24-31; TT slot,
    // port and think time (2 bits); the state dword zeroed.
    assert_int_equal(ctx[0], 0xFFF23u | 1u << 20 | 1u << 26 | 3u << 27);
    assert_int_equal(ctx[1], 6u << 16 | 8u << 24);
    assert_int_equal(ctx[2], 2u | 4u << 8 | 3u << 16);
    assert_int_equal(ctx[3], 0);
    assert_int_equal(ctx[4], 0xFFFFFFFF);        // only the first 16 bytes

    struct xhci_endpoint_info ep = { .type = XHCI_EP_INTERRUPT_IN, .max_packet = 8,
                                     .interval = 6, .ring = 0x00346040, .average = 8 };
    xhci_endpoint_context(ctx, &ep);
    assert_int_equal(ctx[0], 6u << 16);
    // CErr 3 (bits 1-2), type (3-5), packet size (16-31).
    assert_int_equal(ctx[1], 3u << 1 | 7u << 3 | 8u << 16);
    // The dequeue pointer with its cycle state 1; upper half 0.
    assert_int_equal(ctx[2], 0x00346041);
    assert_int_equal(ctx[3], 0);
    // Average TRB length, and one packet an interval reserved (Max ESIT Payload).
    assert_int_equal(ctx[4], 8u | 8u << 16);
    assert_int_equal(ctx[5], 0xFFFFFFFF);

    struct xhci_endpoint_info ep0 = { .type = XHCI_EP_CONTROL, .max_packet = 64,
                                      .ring = 0x00346000, .average = 8 };
    xhci_endpoint_context(ctx, &ep0);
    assert_int_equal(ctx[1], 3u << 1 | 4u << 3 | 64u << 16);
    assert_int_equal(ctx[4], 8);                 // control: no periodic bandwidth
}

static void intervals(void **state)
{
    (void)state;
    // Low and full speed: bInterval in 1 ms frames, to the largest power
    // of two of 125 us microframes not above it, from 1 ms to 128 ms.
    assert_int_equal(xhci_interval(USB_SPEED_FULL, 10), 6);   // 10 ms -> 8 ms
    assert_int_equal(xhci_interval(USB_SPEED_FULL, 8), 6);    // 8 ms
    assert_int_equal(xhci_interval(USB_SPEED_FULL, 1), 3);    // 1 ms
    assert_int_equal(xhci_interval(USB_SPEED_FULL, 0), 3);    // invalid: as 1
    assert_int_equal(xhci_interval(USB_SPEED_FULL, 255), 10); // 255 ms -> 128 ms
    assert_int_equal(xhci_interval(USB_SPEED_LOW, 24), 7);    // 24 ms -> 16 ms
    // High and super speed: 2^(bInterval - 1) microframes already.
    assert_int_equal(xhci_interval(USB_SPEED_HIGH, 1), 0);
    assert_int_equal(xhci_interval(USB_SPEED_HIGH, 7), 6);    // QEMU's usb-kbd: 8 ms
    assert_int_equal(xhci_interval(USB_SPEED_HIGH, 16), 15);
    assert_int_equal(xhci_interval(USB_SPEED_HIGH, 0), 0);
    assert_int_equal(xhci_interval(USB_SPEED_HIGH, 200), 15);
    assert_int_equal(xhci_interval(USB_SPEED_SUPER, 4), 3);
}

static void input_intervals(void **state)
{
    (void)state;
    // Keyboards and pads: their own interval, but 1 ms (3) at most.
    assert_int_equal(xhci_input_interval(USB_SPEED_FULL, 10), 3);  // 10 ms -> 1 ms
    assert_int_equal(xhci_input_interval(USB_SPEED_LOW, 24), 3);
    assert_int_equal(xhci_input_interval(USB_SPEED_FULL, 1), 3);
    assert_int_equal(xhci_input_interval(USB_SPEED_HIGH, 7), 3);   // QEMU's usb-kbd: 8 ms -> 1 ms
    assert_int_equal(xhci_input_interval(USB_SPEED_HIGH, 1), 0);   // 125 us: kept
    assert_int_equal(xhci_input_interval(USB_SPEED_HIGH, 3), 2);   // 500 us: kept
    assert_int_equal(xhci_input_interval(USB_SPEED_SUPER, 200), 3);
}

static void default_packet_sizes(void **state)
{
    (void)state;
    assert_int_equal(xhci_default_packet0(USB_SPEED_LOW), 8);
    assert_int_equal(xhci_default_packet0(USB_SPEED_FULL), 64);
    assert_int_equal(xhci_default_packet0(USB_SPEED_HIGH), 64);
    assert_int_equal(xhci_default_packet0(USB_SPEED_SUPER), 512);
    assert_int_equal(xhci_default_packet0(USB_SPEED_SUPER_PLUS), 512);
}

// ---- a fake register window for the extended capabilities --------------

#define FAKE_WINDOW         0x1000
static uint32_t regs[FAKE_WINDOW / 4];
static uint32_t reads;

static uint32_t fake_read(void *base, uint32_t offset)
{
    assert_ptr_equal(base, regs);
    assert_true(offset % 4 == 0 && offset <= FAKE_WINDOW - 4);
    reads++;
    return regs[offset / 4];
}

// A capability at dword `at`: id, the next one `next` dwords on.
static void cap(uint32_t at, uint8_t id, uint8_t next, uint32_t rest)
{
    regs[at] = id | (uint32_t)next << 8 | rest << 16;
}

// QEMU's layout: xECP at dword 0x20, two supported protocol capabilities
// (USB 3 on ports 1-4, USB 2 on ports 5-8); here with a legacy one after.
static void qemu_capabilities(void)
{
    memset(regs, 0, sizeof(regs));
    cap(0x20, XHCI_EXT_PROTOCOL, 5, 0x0300);
    regs[0x21] = 0x20425355;                     // "USB "
    regs[0x22] = 1 | 4 << 8;
    cap(0x25, XHCI_EXT_PROTOCOL, 5, 0x0200);
    regs[0x26] = 0x20425355;
    regs[0x27] = 5 | 4 << 8;
    cap(0x2A, XHCI_EXT_LEGACY, 0, 0x0001);      // the BIOS owns it
}

static void extended_capabilities(void **state)
{
    (void)state;
    qemu_capabilities();
    assert_int_equal(xhci_find_ext_cap(fake_read, regs, 0x20, FAKE_WINDOW, XHCI_EXT_LEGACY, 0),
                     0xA8);
    assert_int_equal(xhci_find_ext_cap(fake_read, regs, 0x20, FAKE_WINDOW, XHCI_EXT_PROTOCOL, 0),
                     0x80);
    assert_int_equal(xhci_find_ext_cap(fake_read, regs, 0x20, FAKE_WINDOW, XHCI_EXT_PROTOCOL,
                                       0x80), 0x94);
    assert_int_equal(xhci_find_ext_cap(fake_read, regs, 0x20, FAKE_WINDOW, XHCI_EXT_PROTOCOL,
                                       0x94), 0);
    assert_int_equal(xhci_find_ext_cap(fake_read, regs, 0x20, FAKE_WINDOW, 0xC0, 0), 0);
    // No list at all.
    assert_int_equal(xhci_find_ext_cap(fake_read, regs, 0, FAKE_WINDOW, XHCI_EXT_LEGACY, 0), 0);
}

static void a_list_that_runs_off_the_window_ends(void **state)
{
    (void)state;
    memset(regs, 0, sizeof(regs));
    // xECP itself past the window, then a chain whose next pointer leaves it.
    assert_int_equal(xhci_find_ext_cap(fake_read, regs, FAKE_WINDOW / 4, FAKE_WINDOW, 1, 0), 0);
    cap(0x3F0, 0xC0, 0xFF, 0);
    reads = 0;
    assert_int_equal(xhci_find_ext_cap(fake_read, regs, 0x3F0, FAKE_WINDOW, XHCI_EXT_LEGACY, 0), 0);
    assert_int_equal(reads, 1);
    // All ones (nothing answers): every capability points 255 dwords on.
    memset(regs, 0xFF, sizeof(regs));
    reads = 0;
    assert_int_equal(xhci_find_ext_cap(fake_read, regs, 1, FAKE_WINDOW, XHCI_EXT_LEGACY, 0), 0);
    assert_true(reads <= FAKE_WINDOW / 4 / 255 + 1);
}

static void ports_and_their_protocols(void **state)
{
    (void)state;
    uint8_t major[8];

    qemu_capabilities();
    assert_int_equal(xhci_port_protocols(fake_read, regs, 0x20, FAKE_WINDOW, major, 8), 8);
    assert_memory_equal(major, ((uint8_t[]){ 3, 3, 3, 3, 2, 2, 2, 2 }), 8);
    // A capability naming ports the controller does not have: those are
    // left out; a port named twice counts once, the later name kept.
    regs[0x27] = 3 | 9 << 8;
    assert_int_equal(xhci_port_protocols(fake_read, regs, 0x20, FAKE_WINDOW, major, 8), 8);
    assert_memory_equal(major, ((uint8_t[]){ 3, 3, 2, 2, 2, 2, 2, 2 }), 8);
    // Ports count from 1: a capability starting at 0 is garbage and names
    // nothing; nor does a count of 0.
    regs[0x22] = 0 | 2 << 8;
    regs[0x27] = 5 | 0 << 8;
    assert_int_equal(xhci_port_protocols(fake_read, regs, 0x20, FAKE_WINDOW, major, 8), 0);
    assert_memory_equal(major, ((uint8_t[]){ 0, 0, 0, 0, 0, 0, 0, 0 }), 8);
    // A capability too close to the window's end for its port dword.
    memset(regs, 0, sizeof(regs));
    cap(FAKE_WINDOW / 4 - 2, XHCI_EXT_PROTOCOL, 0, 0x0200);
    assert_int_equal(xhci_port_protocols(fake_read, regs, FAKE_WINDOW / 4 - 2, FAKE_WINDOW,
                                         major, 8), 0);
}

static void port_writes(void **state)
{
    (void)state;
    // Connected, enabled, powered, full speed, with CSC and PRC set, and
    // a link state in bits 5-8.
    uint32_t portsc = XHCI_PORT_CCS | XHCI_PORT_PED | XHCI_PORT_PP | 1u << 10 | 3u << 5 |
                      XHCI_PORT_CSC | XHCI_PORT_PRC;

    // Clearing CSC: PED written 0 (a 1 disables the port), PRC written 0
    // (a 1 clears it), PP kept.
    assert_int_equal(xhci_port_write(portsc, XHCI_PORT_CSC, 0), XHCI_PORT_PP | XHCI_PORT_CSC);
    // Every change bit at once; bits outside the changes are not cleared.
    assert_int_equal(xhci_port_write(portsc, 0xFFFFFFFF, 0), XHCI_PORT_PP | XHCI_PORT_CHANGES);
    // A reset keeps the wake enables and the indicator.
    assert_int_equal(xhci_port_write(portsc | 7u << 25 | 2u << 14, 0, XHCI_PORT_PR),
                     XHCI_PORT_PP | 7u << 25 | 2u << 14 | XHCI_PORT_PR);
    // Power on for a port without it.
    assert_int_equal(xhci_port_write(0, 0, XHCI_PORT_PP), XHCI_PORT_PP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qemu_xhci),
        cmocka_unit_test(scratchpad_counts),
        cmocka_unit_test(scratchpad_arrays),
        cmocka_unit_test(a_ring_laps_with_its_cycle_bit),
        cmocka_unit_test(ring_indexes),
        cmocka_unit_test(the_event_ring),
        cmocka_unit_test(context_layouts),
        cmocka_unit_test(slot_and_endpoint_contexts),
        cmocka_unit_test(intervals),
        cmocka_unit_test(input_intervals),
        cmocka_unit_test(default_packet_sizes),
        cmocka_unit_test(extended_capabilities),
        cmocka_unit_test(a_list_that_runs_off_the_window_ends),
        cmocka_unit_test(ports_and_their_protocols),
        cmocka_unit_test(port_writes),
        cmocka_unit_test(fields_keep_to_their_bits),
        cmocka_unit_test(not_a_controller),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}

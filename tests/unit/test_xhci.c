// The xHCI capability decoding (kernel/dev/usb/xhci.h): the fields the
// probe logs, and the values that cannot be a controller's.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qemu_xhci),
        cmocka_unit_test(fields_keep_to_their_bits),
        cmocka_unit_test(not_a_controller),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}

// The 8042 keyboard controller.  UEFI firmware leaves it working but often
// polled, with its interrupt off, so the kernel sets the configuration byte
// itself: interrupt on port 1, port 1's clock on, translation to scan code
// set 1 on (what pad.c decodes, and what every 8042 offers).  A PC with
// only a USB keyboard reaches here through the firmware's PS/2 emulation,
// where it has one; README.md says so.  The driver only delivers the bytes:
// the game console's pad decodes them (arch/trap.c hands them over).
#include <stdint.h>

#include "arch/x86.h"
#include "dev/kbd.h"
#include "dev/pic.h"
#include "lib/kprintf.h"

#define KBD_DATA            0x60         // bytes from and to the keyboard
#define KBD_STATUS          0x64         // read: status
#define KBD_COMMAND         0x64         // write: a controller command
#define STATUS_OUT_FULL     0x01         // a byte waits in KBD_DATA
#define STATUS_IN_FULL      0x02         // the controller has not taken the last write yet
#define STATUS_AUX          0x20         // the waiting byte is the mouse's
#define CMD_READ_CONFIG     0x20
#define CMD_WRITE_CONFIG    0x60
#define CMD_ENABLE_PORT1    0xAE
#define CMD_SELF_TEST       0xAA         // answers SELF_TEST_PASSED when the controller works
#define SELF_TEST_PASSED    0x55
#define CONFIG_IRQ1         0x01         // interrupt when port 1 has a byte
#define CONFIG_PORT1_OFF    0x10         // port 1's clock stopped
#define CONFIG_TRANSLATE    0x40         // scan code set 2 -> set 1
#define KEYBOARD_ENABLE     0xF4         // to the keyboard: start sending scan codes
#define KEYBOARD_ACK        0xFA
#define SPINS               100000       // status reads before giving up (about 0.1 s)
#define BYTES_TO_DRAIN      16           // stale bytes the firmware may have left
#define USB_ONLY            "only USB keyboards and pads drive the pad"

// Waits until the status register has `bit` equal to `set`; 0, or -1 after
// SPINS reads (no controller: the port reads 0xFF, which never clears IN_FULL).
static int wait_status(uint8_t bit, int set)
{
    for (int i = 0; i < SPINS; i++)
        if (!(inb(KBD_STATUS) & bit) == !set)
            return 0;
    return -1;
}

static int send(uint16_t port, uint8_t byte)
{
    if (wait_status(STATUS_IN_FULL, 0) < 0)
        return -1;
    outb(port, byte);
    return 0;
}

static int receive(void)
{
    if (wait_status(STATUS_OUT_FULL, 1) < 0)
        return -1;
    return inb(KBD_DATA);
}

void kbd_init(int firmware_says_absent)
{
    int config, reply;

    // Reading a missing controller's ports is harmless (0xFF), but the
    // firmware knows better: some PCs decode the ports for something else.
    if (firmware_says_absent) {
        kprintf("kbd: no PS/2 controller (the ACPI FADT says so): " USB_ONLY "\n");
        return;
    }
    for (int i = 0; i < BYTES_TO_DRAIN && (inb(KBD_STATUS) & STATUS_OUT_FULL); i++)
        inb(KBD_DATA);
    if (send(KBD_COMMAND, CMD_SELF_TEST) < 0 || (reply = receive()) < 0) {
        kprintf("kbd: no PS/2 controller answers: " USB_ONLY "\n");
        return;
    }
    if (reply != SELF_TEST_PASSED) {
        kprintf("kbd: the PS/2 controller fails its self-test (0x%02x): " USB_ONLY "\n",
                reply);
        return;
    }
    if (send(KBD_COMMAND, CMD_READ_CONFIG) < 0 || (config = receive()) < 0) {
        kprintf("kbd: no PS/2 controller answers: " USB_ONLY "\n");
        return;
    }
    config = (config | CONFIG_IRQ1 | CONFIG_TRANSLATE) & ~CONFIG_PORT1_OFF;
    if (send(KBD_COMMAND, CMD_WRITE_CONFIG) < 0 || send(KBD_DATA, config) < 0 ||
        send(KBD_COMMAND, CMD_ENABLE_PORT1) < 0 || send(KBD_DATA, KEYBOARD_ENABLE) < 0) {
        kprintf("kbd: the PS/2 controller takes no commands: " USB_ONLY "\n");
        return;
    }
    // Firmware may have stopped the keyboard's scanning: the enable above
    // restarts it; its acknowledgement is read here, not by the interrupt.
    reply = receive();
    pic_enable(IRQ_KBD);
    kprintf("kbd: PS/2 keyboard on vector %u (config 0x%02x, %s)\n",
            PIC1_VECTOR + IRQ_KBD, config, reply == KEYBOARD_ACK ? "acknowledged" : "no reply");
}

int kbd_interrupt(void)
{
    uint8_t status = inb(KBD_STATUS);
    int byte = -1;

    if (status & STATUS_OUT_FULL) {
        byte = inb(KBD_DATA);
        if (status & STATUS_AUX)
            byte = -1;
    }
    pic_eoi(IRQ_KBD);
    return byte;
}

// The pad page and what feeds it (input.h): the PS/2 keyboard and every USB
// keyboard and pad, each a source that holds buttons of its own.
#include <stdint.h>

#include "console/input.h"
#include "console/pad.h"
#include "dev/usb/usb.h"
#include "mm/mmu.h"

#define SOURCE_PS2          0
#define SOURCE_USB          1            // USB device n is source SOURCE_USB + n
#define SOURCES             (SOURCE_USB + USB_INPUT_DEVICES)

// A page of its own: every task maps it, so nothing else may share it.
static union {
    struct pad_page pad;
    uint8_t bytes[PGSIZE];
} pad_memory __attribute__((aligned(PGSIZE)));

struct pad_page *const pad = &pad_memory.pad;
static struct pad_decoder decoder;
static uint32_t held[SOURCES];           // the buttons and console keys each source holds
static uint32_t key_presses[PAD_KEYS - PAD_BUTTONS]; // of each console key, since power-on
static void (*console_key_hook)(void);

// The keys whose presses the console acts on.
#define CONSOLE_KEYS        (1u << PAD_SELECT | (((1u << PAD_KEYS) - 1) & ~PAD_BUTTON_MASK))

void input_on_console_key(void (*hook)(void))
{
    console_key_hook = hook;
}

uint32_t input_key_presses(int key)
{
    return key_presses[key - PAD_BUTTONS];
}

uint32_t input_pad_page(void)
{
    // The kernel's image lies in the identity map: virtual = physical.
    return (uint32_t)pad;
}

static void input_source(uint32_t source, uint32_t buttons)
{
    uint32_t down = pad_set(pad, held, SOURCES, source, buttons);

    for (int key = PAD_BUTTONS; key < PAD_KEYS; key++)
        key_presses[key - PAD_BUTTONS] += down >> key & 1;
    if (down & CONSOLE_KEYS && console_key_hook)
        console_key_hook();
}

void input_ps2_byte(uint8_t byte)
{
    int down;
    int button = pad_decode(&decoder, byte, &down);

    if (button < 0)
        return;
    if (down)
        input_source(SOURCE_PS2, held[SOURCE_PS2] | 1u << button);
    else
        input_source(SOURCE_PS2, held[SOURCE_PS2] & ~(1u << button));
}

void input_usb(uint32_t device, uint32_t buttons)
{
    if (device < USB_INPUT_DEVICES)
        input_source(SOURCE_USB + device, buttons);
}

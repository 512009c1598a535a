// The pad page and its PS/2 input (input.h).
#include <stdint.h>

#include "console/input.h"
#include "console/pad.h"
#include "mm/mmu.h"

// A page of its own: every task maps it, so nothing else may share it.
static union {
    struct pad_page pad;
    uint8_t bytes[PGSIZE];
} pad_memory __attribute__((aligned(PGSIZE)));

struct pad_page *const pad = &pad_memory.pad;
static struct pad_decoder decoder;
static void (*select_hook)(void);

void input_on_select(void (*hook)(void))
{
    select_hook = hook;
}

uint32_t input_pad_page(void)
{
    // The kernel's image lies in the identity map: virtual = physical.
    return (uint32_t)pad;
}

void input_ps2_byte(uint8_t byte)
{
    int down;
    int button = pad_decode(&decoder, byte, &down);

    if (button >= 0 && pad_update(pad, button, down) && button == PAD_SELECT && select_hook)
        select_hook();
}

// The test card tasks A and C show before they die: diagonal stripes, so a
// window that still shows it after the kill is easy to tell apart.
#include <genesis.h>

#define CARD_FRAMES 30                   // shown this long before dying

static inline void
show_card(uint32_t shift)
{
    for (uint32_t i = 0; i < GENESIS_SCREEN_SIZE; i++) {
        uint32_t x = i % GENESIS_SCREEN_WIDTH, y = i / GENESIS_SCREEN_WIDTH;
        GENESIS_SCREEN[i] = (x + y + 8 * shift) / 8 % 2 ? 200 : 40;
    }
    for (int i = 0; i < CARD_FRAMES; i++)
        wait_frame();
}

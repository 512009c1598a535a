// Writes every pixel of its screen, with values that change each time, then
// yields the rest of the tick to B: the round robin runs A first in every
// tick, so every frame finds this screen written and redraws all 64 rows.
#include <genesis.h>

int
main(void)
{
    volatile uint32_t *screen = (volatile uint32_t *)GENESIS_SCREEN_ADDR;

    for (uint32_t value = 0;; value += 0x01010101u) {
        for (uint32_t i = 0; i < GENESIS_SCREEN_SIZE / 4; i++)
            screen[i] = value + i;
        yield();
    }
}

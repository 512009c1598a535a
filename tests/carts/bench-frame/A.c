// Writes every pixel of its screen once a frame, with values that change
// every frame: each frame the display redraws all 64 rows of this window.
#include <genesis.h>

int
main(void)
{
    volatile uint32_t *screen = (volatile uint32_t *)GENESIS_SCREEN_ADDR;

    for (;;) {
        uint32_t value = wait_frame() * 0x01010101u;
        for (uint32_t i = 0; i < GENESIS_SCREEN_SIZE / 4; i++)
            screen[i] = value + i;
    }
}

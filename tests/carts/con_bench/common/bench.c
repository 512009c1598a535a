// Every pixel of the screen changes every frame, so each frame the console
// redraws every row of every window.
#include <genesis.h>

int
main(void)
{
    volatile uint32_t *screen = (volatile uint32_t *)GENESIS_SCREEN_ADDR;

    for (;;) {
        uint32_t frame = wait_frame();
        uint32_t value = (frame + TASK_LETTER) * 0x01010101u;
        for (uint32_t i = 0; i < GENESIS_SCREEN_SIZE / 4; i++)
            screen[i] = value + i;
    }
}

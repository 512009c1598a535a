// Draws a picture once, says so, then waits for frames forever.
#include <genesis.h>

int
main(void)
{
    for (uint32_t i = 0; i < GENESIS_SCREEN_SIZE; i++)
        GENESIS_SCREEN[i] = (uint8_t)((i % GENESIS_SCREEN_WIDTH) ^ (i / GENESIS_SCREEN_WIDTH));
    print("still: drawn");
    for (;;)
        wait_frame();
}

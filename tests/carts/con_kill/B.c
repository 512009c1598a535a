// Keeps drawing: a bar that moves down one row a frame.
#include <genesis.h>

int
main(void)
{
    print("drawing until the end");
    for (;;) {
        uint32_t row = wait_frame() % GENESIS_SCREEN_HEIGHT;
        for (uint32_t i = 0; i < GENESIS_SCREEN_SIZE; i++)
            GENESIS_SCREEN[i] = i / GENESIS_SCREEN_WIDTH == row ? 255 : 64;
    }
}

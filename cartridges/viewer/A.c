// The viewer: shows the cartridge's frames as the reader plays them.  In
// DMA mode the video buffer itself appears, read-only, at GENESIS_DMA_ADDR;
// each opendevice sleeps until the next frame is there, which is then
// copied onto the screen whole, the frame and the screen having one format.
// The copy waits for the console's next frame first, so that it is done
// long before the one after: no frame shows half a copy.
#include <genesis.h>

int
main(void)
{
    const volatile uint32_t *frame = (const volatile uint32_t *)GENESIS_DMA_ADDR;
    volatile uint32_t *screen = (volatile uint32_t *)GENESIS_SCREEN_ADDR;

    print("viewer: showing the reader's frames");
    GENESIS_ACCESS = GENESIS_ACCESS_DMA;
    for (;;) {
        if (opendevice(0) < 0) {
            print("viewer: the reader refused DMA mode");
            return 1;
        }
        wait_frame();
        for (uint32_t i = 0; i < GENESIS_FRAME_SIZE / 4; i++)
            screen[i] = frame[i];
    }
}

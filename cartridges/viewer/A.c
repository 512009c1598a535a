// The viewer: shows the cartridge's frames as the reader plays them.  In
// DMA mode the video buffer itself appears, read-only, at GENESIS_DMA_ADDR;
// each opendevice sleeps until the next frame is there, which is then
// drawn onto the screen whole, the frame and the screen having one format.
// The drawing waits for the console's next frame first, so that it is done
// long before the one after: no frame shows half of it.
#include <genesis.h>
#include <gfx.h>

int
main(void)
{
    static const struct gfx_art buffer = { (const uint8_t *)GENESIS_DMA_ADDR, 1 };
    static const struct gfx_sprite frame = { 0, 0, 0, GFX_W, GFX_H };

    print("viewer: showing the reader's frames");
    GENESIS_ACCESS = GENESIS_ACCESS_DMA;
    for (;;) {
        if (opendevice(0) < 0) {
            print("viewer: the reader refused DMA mode");
            return 1;
        }
        wait_frame();
        gfx_sprite(GFX_SCREEN, &buffer, &frame, 0, 0, GFX_OPAQUE, 0);
    }
}

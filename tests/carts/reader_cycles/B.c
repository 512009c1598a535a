// DMA mode while the other tasks scribble over their copies and try to
// write the buffer: every frame it is woken for is still all zero.
#include "../reader.h"

#define FRAMES 600

int
main(void)
{
    uint32_t zero = 0;

    for (int i = 0; i < FRAMES; i++) {
        if (open_mode(GENESIS_ACCESS_DMA, 0) != 0)
            return 1;
        zero += is_zero(DMA_FRAME);
    }
    say("dma frames %u zero %u", FRAMES, zero);
    return 0;
}

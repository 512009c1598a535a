// DMA mode, then a write to the buffer: the task is killed with the
// mapping open, which must leave the video buffer's page alone.
#include "../reader.h"

int
main(void)
{
    if (open_mode(GENESIS_ACCESS_DMA, 0) != 0)
        return 1;
    say("dma zero %u, writing", is_zero(DMA_FRAME));
    *(volatile uint8_t *)GENESIS_DMA_ADDR = 0xFF;
    say("wrote the video buffer");
    return 2;
}

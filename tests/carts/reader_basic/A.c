// DMA mode: 0xBABAB000 shows the reader's frame, then the next one without
// opening again; writing there kills the task.
#include "../reader.h"

int
main(void)
{
    uint8_t counter;
    uint32_t sum;

    if (open_mode(GENESIS_ACCESS_DMA, 0) != 0)
        return 1;
    sum = frame_snapshot(DMA_FRAME, &counter);
    say("dma frame %u sum %x", counter, sum);
    wait_change(DMA_FRAME, counter);
    sum = frame_snapshot(DMA_FRAME, &counter);
    say("dma frame %u sum %x", counter, sum);
    say("writing the video buffer");
    *(volatile uint8_t *)GENESIS_DMA_ADDR = 0x5A;
    say("wrote the video buffer");
    return 2;
}

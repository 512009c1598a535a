// closedevice: with nothing open it returns 0; after a DMA open it removes
// the mapping, so reading 0xBABAB000 then kills the task.
#include "../reader.h"

int
main(void)
{
    uint8_t counter;
    uint32_t sum;

    say("close with nothing open -> %d", closedevice());
    if (open_mode(GENESIS_ACCESS_DMA, 0) != 0)
        return 1;
    sum = frame_snapshot(DMA_FRAME, &counter);
    say("dma frame %u sum %x", counter, sum);
    say("close -> %d", closedevice());
    say("reading the closed mapping");
    (void)COUNTER(DMA_FRAME);
    say("read the closed mapping");
    return 2;
}

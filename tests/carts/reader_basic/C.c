// Copy mode at 0x06000000: the copy is the frame, refreshed on every frame
// without opening again, even after the task scribbled over it; after
// closedevice it keeps its last frame while frames go by (watched through
// a DMA open).  The task then exits with both mappings in place.
#include "../reader.h"

#define COPY_ADDR   0x06000000u
#define COPY_FRAME  ((volatile uint8_t *)COPY_ADDR)
#define KEPT_FRAMES 8

// Fills the live copy with junk, but its counter byte, within one frame
// period: a refresh landing halfway would leave half a frame behind.
static void
scribble(void)
{
    uint8_t counter;

    do {
        counter = COUNTER(COPY_FRAME);
        wait_change(COPY_FRAME, counter);
        counter = COUNTER(COPY_FRAME);
        for (uint32_t i = 1; i < GENESIS_FRAME_SIZE; i++)
            COPY_FRAME[i] = 0xEE;
    } while (COUNTER(COPY_FRAME) != counter);
    wait_change(COPY_FRAME, counter);
}

int
main(void)
{
    uint8_t counter, dma;
    uint32_t sum;

    if (open_mode(GENESIS_ACCESS_COPY, COPY_ADDR) != 0)
        return 1;
    sum = frame_snapshot(COPY_FRAME, &counter);
    say("copy frame %u sum %x", counter, sum);
    wait_change(COPY_FRAME, counter);
    sum = frame_snapshot(COPY_FRAME, &counter);
    say("copy frame %u sum %x", counter, sum);
    scribble();
    sum = frame_snapshot(COPY_FRAME, &counter);
    say("copy after scribbling frame %u sum %x", counter, sum);

    say("close -> %d", closedevice());
    sum = frame_snapshot(COPY_FRAME, &counter);
    say("copy closed at frame %u sum %x", counter, sum);
    if (open_mode(GENESIS_ACCESS_DMA, 0) != 0)
        return 1;
    for (int i = 0; i < KEPT_FRAMES; i++) {
        dma = COUNTER(DMA_FRAME);
        wait_change(DMA_FRAME, dma);
    }
    say("copy after %u frames frame %u sum %x", KEPT_FRAMES, COUNTER(COPY_FRAME),
        frame_sum(COPY_FRAME));
    return 0;
}

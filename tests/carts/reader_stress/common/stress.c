// Task A reads each frame through DMA, B, C and D through copies at
// addresses of their own: each opens, sleeps until the next frame, notes
// its counter and checksum, and opens again, FRAMES times; then it prints
// what it saw.  Printing only once every task is done keeps the log's cost
// out of the frame budget, so a skipped frame is the kernel's doing.
#include "../../reader.h"

#define FRAMES 240
#define SETTLE 20                        // clock ticks for the others to take their last frames

static const uint32_t copy_addr[] = { 0x06000000u, 0x7FFFF000u, GENESIS_COPY_MAX };

static struct {
    uint8_t counter;
    uint32_t sum;
} seen[FRAMES];

int
main(void)
{
    int dma = TASK_LETTER == 'A';
    uint32_t addr = dma ? 0 : copy_addr[TASK_LETTER - 'B'];
    const volatile uint8_t *frame = dma ? DMA_FRAME : (const volatile uint8_t *)addr;

    for (int i = 0; i < FRAMES; i++) {
        if (open_mode(dma ? GENESIS_ACCESS_DMA : GENESIS_ACCESS_COPY, addr) != 0) {
            say("open refused after %u frames", i);
            return 1;
        }
        seen[i].sum = frame_snapshot(frame, &seen[i].counter);
    }
    closedevice();
    for (uint32_t done = ticks(); ticks() - done < SETTLE;)
        yield();
    for (int i = 0; i < FRAMES; i++)
        say("frame %u sum %x", seen[i].counter, seen[i].sum);
    return 0;
}

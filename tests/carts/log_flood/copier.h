// Tasks B, C and D take every frame through copies at addresses of their
// own: each opens, sleeps until the next frame, notes its counter, and opens
// again, FRAMES times; then it says how many frames it missed.  Printing
// only at the end keeps its own log lines out of the frame budget.
#include "../reader.h"

#define FRAMES              240
#define SETTLE              20           // clock ticks for the others to take their last frames

static const uint32_t copy_addr[] = { 0x06000000u, 0x7FFFF000u, GENESIS_COPY_MAX };

int
main(void)
{
    const volatile uint8_t *frame = (const volatile uint8_t *)copy_addr[TASK_LETTER - 'B'];
    uint32_t missed = 0;
    uint8_t counter = 0, last = 0;

    for (int i = 0; i < FRAMES; i++) {
        if (open_mode(GENESIS_ACCESS_COPY, (uint32_t)frame) != 0) {
            say("open refused after %u frames", i);
            return 1;
        }
        frame_snapshot(frame, &counter);
        if (i > 0)
            missed += (uint8_t)(counter - last) - 1;
        last = counter;
    }
    closedevice();
    for (uint32_t done = ticks(); ticks() - done < SETTLE;)
        yield();
    say("%u frames, %u missed", (uint32_t)FRAMES, missed);
    return 0;
}

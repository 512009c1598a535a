// 1,000 open/close cycles in copy mode: each copy is the zeroed buffer,
// even though the task scribbled over the previous one; the one copy page
// is reused, so the kernel's free-page count ends where it started.
#include "../reader.h"

#define CYCLES    1000
#define COPY_ADDR 0x06000000u

int
main(void)
{
    volatile uint8_t *copy = (volatile uint8_t *)COPY_ADDR;
    uint32_t zero = 0;

    for (int i = 0; i < CYCLES; i++) {
        if (open_mode(GENESIS_ACCESS_COPY, COPY_ADDR) != 0) {
            say("open refused at cycle %u", i);
            return 1;
        }
        zero += is_zero(copy);
        for (uint32_t j = 0; j < GENESIS_FRAME_SIZE; j++)
            copy[j] = 0xA5;
        if (closedevice() != 0) {
            say("close refused at cycle %u", i);
            return 1;
        }
    }
    say("cycles %u zero %u", CYCLES, zero);
    return 0;
}

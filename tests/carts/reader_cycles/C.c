// Copy mode at the highest address allowed: the copy comes back zero after
// each scribble.  The task then exits with its copy still open, which must
// free the copy page and take the task off the reader's lists.
#include "../reader.h"

#define ROUNDS 50

int
main(void)
{
    volatile uint8_t *copy = (volatile uint8_t *)GENESIS_COPY_MAX;
    uint32_t zero = 0;

    for (int i = 0; i < ROUNDS; i++) {
        if (open_mode(GENESIS_ACCESS_COPY, GENESIS_COPY_MAX) != 0)
            return 1;
        zero += is_zero(copy);
        for (uint32_t j = 0; j < GENESIS_FRAME_SIZE; j++)
            copy[j] = 0x3C;
    }
    say("rounds %u zero %u, exiting open", ROUNDS, zero);
    return 0;
}

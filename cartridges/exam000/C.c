// C, the sieve: computes the primes below 8192 in its own data area for D
// to read, then gives every page back.
#include <genesis.h>

#include "common/exam000.h"

int
main(void)
{
    volatile uint8_t *sieve = AREA + C_SIEVE;

    say("grew my area to %u pages", (uint32_t)set_data_limit(C_SIEVE / GENESIS_PAGE_SIZE +
                                                              C_SIEVE_SIZE / GENESIS_PAGE_SIZE));
    // New pages are zeroed: mark 2 and up as candidates, then strike.
    for (uint32_t n = 2; n < C_SIEVE_SIZE; n++)
        sieve[n] = 1;
    for (uint32_t n = 2; n * n < C_SIEVE_SIZE; n++)
        if (sieve[n])
            for (uint32_t m = n * n; m < C_SIEVE_SIZE; m += n)
                sieve[m] = 0;
    AREA[STATE] = C_READY;
    for (uint32_t n = 0; n < MAP_NUMBERS; n++)
        GENESIS_SCREEN[n] = sieve[n] ? INK_PRIME : INK_COMPOSITE;
    say("the primes below %u are in my area", (uint32_t)C_SIEVE_SIZE);

    wait_state('D', D_DONE);
    say("D is done: shrinking my area to %u pages", (uint32_t)set_data_limit(0));
    return 0;
}

// D, the reporter: reads C's sieve out of C's data area, then watches the
// area disappear when C gives it back.
#include <genesis.h>

#include "common/exam000.h"

int
main(void)
{
    char line[GENESIS_PRINT_MAX];
    uint32_t count = 0, n, used = 0;
    int valid;

    set_data_limit(1);
    wait_state('C', C_READY);
    for (n = 0; n < C_SIEVE_SIZE; n++) {
        uint8_t prime = read_data('C', C_SIEVE + n, &valid);
        // The screen fills with the sieve as D reads it: pixel n for n.
        if (n < MAP_NUMBERS)
            GENESIS_SCREEN[n] = prime ? INK_PRIME : INK_COMPOSITE;
        if (!prime)
            continue;
        count++;
        if (n < 100) {
            // Two digits and a space at most per prime below 100.
            used = put_number(line + used, n, 10, 1) - line;
            line[used++] = ' ';
        }
    }
    line[used ? used - 1 : 0] = 0;
    say("primes below 100 in C's area: %s", line);
    say("C's area holds %u primes below %u", count, (uint32_t)C_SIEVE_SIZE);
    AREA[STATE] = D_DONE;

    do
        read_data('C', 0, &valid);
    while (valid);
    say("C's area is gone: ReadData now says invalid");
    read_data('E', 0, &valid);
    say("and there is no task E: valid=%u", (uint32_t)valid);
    return 0;
}

// A task that prints as fast as it can for FLOOD_TICKS clock ticks: lines of
// GENESIS_PRINT_MAX - 1 bytes, numbered from 0, then how many it printed.
// With FLOOD_QUIET set to 1 it spins as long and prints nothing but that
// line: the quiet run that a neighbour's pace is compared with.
#include <format.h>
#include <genesis.h>

#define FLOOD_TICKS         400
#ifndef FLOOD_QUIET
#define FLOOD_QUIET         0
#endif

int
main(void)
{
    static char line[GENESIS_PRINT_MAX] = "flood ";
    uint32_t n = 0;

    line[6 + 8] = ' ';
    for (uint32_t start = ticks(); ticks() - start < FLOOD_TICKS;) {
        if (!FLOOD_QUIET) {
            // Each line's letters shifted by one from the last one's: every
            // character on the screen changes as the log scrolls.
            for (uint32_t i = 6 + 8 + 1; i < GENESIS_PRINT_MAX - 1; i++)
                line[i] = (char)('a' + (i + n) % 26);
            put_number(line + 6, n++, 10, 8);
            print(line);
        }
    }
    say("flood: %u lines printed", n);
    return 0;
}

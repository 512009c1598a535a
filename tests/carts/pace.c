// A heartbeat with a pace: it does units of fixed work and counts those it
// finishes between clock ticks PACE_FROM and PACE_TO after its start, then
// prints the count.  Beside a task that floods the log, the count should
// be what it is beside one that spins as long (tests/test_isolation.py):
// the log's cost stays the printer's.
#include <format.h>
#include <genesis.h>

#define PACE_FROM           50
#define PACE_TO             350
#define UNIT                1000         // xorshift steps in a unit of work

int
main(void)
{
    uint32_t x = 2463534242u, units = 0, start = ticks(), now;

    while ((now = ticks() - start) < PACE_TO) {
        for (int i = 0; i < UNIT; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
        }
        units += now >= PACE_FROM;
    }
    say("pace: %u units in %u ticks (%x)", units, PACE_TO - PACE_FROM, x);
    return 0;
}

// Each task prints "count 0", "count 1" ... one line per time slice: it
// prints, then spins until the clock has taken the CPU away and given it
// back.  So the lines of the four tasks interleave only if the clock
// switches round-robin.  Task D stops after a few lines and spins forever
// without a service call: the others must still get to their end.
#include <genesis.h>

#define COUNTS              10
#define D_COUNTS            3

// Not inlined: tests/test_gdb.py breaks in it in one task only.
static __attribute__((noinline)) void wait_for_slice_end(uint32_t slice)
{
    while (ticks() == slice)
        ;
}

int
main(void)
{
    static char line[] = "count ?";
    int counts = TASK_LETTER == 'D' ? D_COUNTS : COUNTS;

    for (int i = 0; i < counts; i++) {
        // The slice is noted before printing: a tick that arrives during
        // the print is taken on the way back to ring 3, and must count as
        // the end of this slice, not of the next one.
        uint32_t slice = ticks();

        line[sizeof line - 2] = (char)('0' + i);
        print(line);
        wait_for_slice_end(slice);
    }
    if (TASK_LETTER == 'D')
        for (;;)
            ;
    return 0;
}

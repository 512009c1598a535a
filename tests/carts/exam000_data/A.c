// A owns the shared area: two pages with known bytes for B to read, then one
// page, then it exits so B can see an ended task's area become invalid.
#include <genesis.h>

#include "common/exam.h"

int
main(void)
{
    int zero = 1;

    check(set_limit(2) == 2, "A grew its area to 2 pages");
    for (uint32_t i = 0; i < 2 * GENESIS_PAGE_SIZE; i++)
        zero &= DATA[i] == 0;
    check(zero, "A's new pages read as zeros");
    DATA[0] = A_FIRST;
    DATA[4095] = A_LAST_OF_PAGE_0;
    DATA[8191] = A_LAST;
    DATA[A_STEP] = A_WROTE;

    wait_for('B', B_STEP, B_READ_TWO);
    check(set_limit(1) == 1, "A shrank its area to 1 page");
    DATA[A_STEP] = A_SHRANK;

    wait_for('B', B_STEP, B_READ_ONE);
    check_registers();
    return failures();
}

// C gives a page back while its translation is fresh in the TLB, then
// writes to it: without the kernel's invlpg the write would land in a frame
// that is no longer C's.  The page fault kills C; B sees its area go.
#include <genesis.h>

#include "common/exam.h"

int
main(void)
{
    check(set_limit(2) == 2, "C grew its area to 2 pages");
    DATA[0] = C_MARKER;
    wait_for('B', B_SAW_C, 1);

    DATA[GENESIS_PAGE_SIZE] = 1;            // the TLB now maps page 1 writable
    set_limit(1);
    DATA[GENESIS_PAGE_SIZE] = 2;            // must fault: C is killed here
    check(0, "C wrote to the page it gave back");
    return failures();
}

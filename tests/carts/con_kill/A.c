// Shows a test card, then writes to the pad page, which is read-only: the
// kernel kills the task with a page fault.
#include "card.h"

int
main(void)
{
    show_card(0);
    print("writing to the pad page");
    *(volatile uint32_t *)GENESIS_PAD_ADDR = 1;
    return 0;
}

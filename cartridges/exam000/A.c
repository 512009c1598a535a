// A, the writer: leaves a message in its data area, then grows the area a
// page at a time, marking each new page with its number.
#include <genesis.h>

#include "common/exam000.h"

int
main(void)
{
    static const char message[] = "Hello from A's data area, read by another task";

    say("my area starts with %u pages", (uint32_t)set_data_limit(0));
    say("grew my area to %u page", (uint32_t)set_data_limit(1));
    show_pages(1, INK_PAGE);
    for (uint32_t i = 0; i < sizeof message; i++)
        AREA[A_TEXT + i] = message[i];
    show_bits(message, sizeof message - 1);
    AREA[STATE] = A_READY;

    for (uint32_t pages = 2; pages <= A_PAGES; pages++) {
        uint32_t got = set_data_limit(pages);
        AREA[(got - 1) * GENESIS_PAGE_SIZE + 1] = got;
        show_pages(got, INK_PAGE);
        say("grew my area to %u pages", got);
    }
    AREA[STATE] = A_GROWN;

    wait_state('B', B_MEASURED);
    say("B has measured my area: bye");
    return 0;
}

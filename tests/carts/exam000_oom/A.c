// SetDataLimit when memory runs out part-way (the boot caps the task pool
// with task_pages=): the area keeps the pages it got and EAX says how
// many; asking again gets no more; giving the pages back and growing again
// gets the same number, so none was lost.
#include <format.h>
#include <genesis.h>

#define AREA ((volatile uint8_t *)GENESIS_DATA_BASE)

int
main(void)
{
    uint32_t got = (uint32_t)set_data_limit(GENESIS_DATA_MAX_PAGES);

    say("grew to %u of %u pages", got, (uint32_t)GENESIS_DATA_MAX_PAGES);
    if (got > 0) {
        // Every page it got is really there: the first and the last byte.
        AREA[0] = 1;
        AREA[got * GENESIS_PAGE_SIZE - 1] = 2;
        say("wrote the area's first and last byte");
    }
    say("asked again, has %u pages", (uint32_t)set_data_limit(GENESIS_DATA_MAX_PAGES));
    say("shrank to %u pages", (uint32_t)set_data_limit(0));
    say("grew again to %u pages", (uint32_t)set_data_limit(GENESIS_DATA_MAX_PAGES));
    return 0;
}

// Each task idles until its start tick, then opens copy mode again after
// every frame, for good: A from tick START, the others from tick START +
// STAGGER.  Before START no task has the reader open; between the two only
// A; after, all four.
#include <genesis.h>
#include <stdint.h>

#define START   30                       // clock ticks: the runs of 0 copy tasks
#define STAGGER 30                       //   and of 1 copy task last this long

int
main(void)
{
    uint32_t start = START + (TASK_LETTER == 'A' ? 0 : STAGGER);
    uint32_t addr = GENESIS_COPY_MIN + (uint32_t)(TASK_LETTER - 'A') * GENESIS_PAGE_SIZE;

    while (ticks() < start)
        yield();
    for (;;) {
        GENESIS_ACCESS = GENESIS_ACCESS_COPY;
        opendevice(addr);
    }
}

// Fills its screen with a new grey at the start of each of RACE_WRITES
// ticks, then stops writing.  Under selftest=composerace the display has
// just cleared this screen's Dirty bit when a tick's first task runs, so
// every write lands between the clearing and the copy; the last one must
// still reach the window.
#include <genesis.h>

#define RACE_WRITES 20

int
main(void)
{
    volatile uint32_t *screen = (volatile uint32_t *)GENESIS_SCREEN_ADDR;
    uint32_t last = ticks();

    for (uint32_t n = 1; n <= RACE_WRITES; n++) {
        while (ticks() == last)
            ;
        last = ticks();
        for (uint32_t i = 0; i < GENESIS_SCREEN_SIZE / 4; i++)
            screen[i] = n * 10 * 0x01010101u;
    }
    print("race: 20 screens written");
    for (;;)
        wait_frame();
}

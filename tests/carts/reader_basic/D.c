// opendevice refuses a bad mode or copy address with -1 at once: the task
// does not sleep (no frame goes by during the call) and its open DMA
// mapping stays.  Mode 0 returns 0 at once too.
#include "../reader.h"

#define ATTEMPTS 5                       // the clock may take the task away for a frame

static const struct { uint8_t mode; uint32_t addr; } cases[] = {
    { 3, 0x06000000u }, { 255, 0x06000000u },
    { GENESIS_ACCESS_COPY, 0x00000000u }, { GENESIS_ACCESS_COPY, 0x00001000u },
    { GENESIS_ACCESS_COPY, 0x00ACC000u }, { GENESIS_ACCESS_COPY, GENESIS_CODE_BASE },
    { GENESIS_ACCESS_COPY, GENESIS_DATA_BASE }, { GENESIS_ACCESS_COPY, GENESIS_STACK_TOP - 0x1000u },
    { GENESIS_ACCESS_COPY, GENESIS_CONSOLE_BASE }, { GENESIS_ACCESS_COPY, 0x06000010u },
    { GENESIS_ACCESS_COPY, GENESIS_DMA_ADDR }, { GENESIS_ACCESS_COPY, 0xC0000000u },
    { GENESIS_ACCESS_COPY, 0xFFFFF000u }, { GENESIS_ACCESS_NONE, 0x00000000u },
};

int
main(void)
{
    if (open_mode(GENESIS_ACCESS_DMA, 0) != 0)
        return 1;
    for (uint32_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int result = 0, at_once = 0;
        // Right after a frame arrives the next is a whole period away: a
        // call that sleeps always sees the counter change, one that does not
        // sees it unchanged unless the clock took the task away meanwhile.
        for (int attempt = 0; attempt < ATTEMPTS && !at_once; attempt++) {
            wait_change(DMA_FRAME, COUNTER(DMA_FRAME));
            uint8_t counter = COUNTER(DMA_FRAME);
            result = open_mode(cases[i].mode, cases[i].addr);
            at_once = COUNTER(DMA_FRAME) == counter;
        }
        say("open mode %u addr %x -> %d %s", cases[i].mode, cases[i].addr, result,
            at_once ? "at once" : "after a frame");
    }
    say("still mapped, frame %u", COUNTER(DMA_FRAME));
    say("close -> %d", closedevice());
    say("close again -> %d", closedevice());
    return 0;
}

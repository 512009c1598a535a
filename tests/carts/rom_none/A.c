// With no frames, nothing is mapped at the ROM window's first frame.
#include <format.h>
#include <genesis.h>

int
main(void)
{
    say("rom: frames=%u colors=%u", GENESIS_ROM_FRAME_COUNT, GENESIS_ROM_PALETTE_COUNT);
    say("rom: frame 0 starts with %u", GENESIS_ROM[0]);
    return 0;
}

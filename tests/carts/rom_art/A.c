// Reads every byte of the ROM window the cartridge has, frames then
// palette, and logs their FNV-1a sum with the counts of the header page.
#include <format.h>
#include <genesis.h>

static uint32_t fnv(uint32_t h, const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

int
main(void)
{
    uint32_t frames = GENESIS_ROM_FRAME_COUNT, colors = GENESIS_ROM_PALETTE_COUNT;
    uint32_t h = fnv(2166136261u, GENESIS_ROM, frames * GENESIS_FRAME_SIZE);

    h = fnv(h, GENESIS_ROM_PALETTE, colors * 3);
    say("rom: frames=%u colors=%u sum=%x", frames, colors, h);
    return 0;
}

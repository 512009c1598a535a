// Reads the last byte of the last frame, then the first byte past it: the
// window maps only the frames the cartridge has, so the second read kills.
#include <format.h>
#include <genesis.h>

int
main(void)
{
    const volatile uint8_t *end = GENESIS_ROM + GENESIS_ROM_FRAME_COUNT * GENESIS_FRAME_SIZE;

    say("rom: last byte %u", end[-1]);
    say("rom: past the last frame %u", end[0]);
    return 0;
}

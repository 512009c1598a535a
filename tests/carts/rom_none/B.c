// With no palette, nothing is mapped at the ROM window's palette page.
#include <format.h>
#include <genesis.h>

int
main(void)
{
    say("rom: palette starts with %u", *(const volatile uint8_t *)GENESIS_ROM_PALETTE_ADDR);
    return 0;
}

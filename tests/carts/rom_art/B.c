// Writes the first byte of frame 0: the window is read-only, so this kills.
#include <genesis.h>

int
main(void)
{
    print("rom: writing frame 0");
    *(volatile uint8_t *)GENESIS_ROM_ADDR = 1;
    print("rom: wrote frame 0");
    return 0;
}

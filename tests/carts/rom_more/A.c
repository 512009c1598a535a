// rom_art's sum of the whole ROM window, over this cartridge's art.
#include "../rom_art/A.c"

// Silent for QUIET ticks (the benchmark times a tick with nothing to play),
// then a note on each channel far longer than the run, and spins.
#include <genesis.h>

#define QUIET               30

static const struct genesis_note held[] = { { 440, 60000 } };

int
main(void)
{
    uint32_t start = ticks();

    while (ticks() - start < QUIET)
        ;
    for (uint32_t c = 0; c < GENESIS_SOUND_CHANNELS; c++)
        sound(GENESIS_SOUND_PLAY, c, held, 1);
    for (;;)
        ;
}

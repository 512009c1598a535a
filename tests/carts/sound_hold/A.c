// A note far longer than the test waits: swapping cartridges must cut it.
#include <genesis.h>
#include <format.h>

static const struct genesis_note held[] = { { 2000, 1000 } };

int
main(void)
{
    say("holding = %d", sound(GENESIS_SOUND_PLAY, 2, held, 1));
    for (;;)
        wait_frame();
}

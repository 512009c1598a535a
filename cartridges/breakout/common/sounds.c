// Breakout's sounds, written as melodies (docs/sound.md).  On a PC without
// sound the service refuses each one and the game goes on silent.
#include <genesis.h>
#include <format.h>

#include "sounds.h"

static void play(uint32_t channel, const char *melody)
{
    int where;

    melody_play(channel, melody, &where);
    if (where >= 0)
        say("breakout: bad melody \"%s\" at %d", melody, where);
}

void play_tune(void)
{
    play(3, "C5 6 E5 6 G5 6 C6 12 R 4 G5 6 C6 18");
}

void play_bounce(void)
{
    play(1, "A4 3");
}

void play_brick(void)
{
    play(0, "E6 3 B6 3");
}

void play_lost(void)
{
    play(0, "G4 10 Eb4 10 C4 24");
}

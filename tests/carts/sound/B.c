// An effect on channel 0 while the tune's last note plays on channel 3:
// the effect has the voice, then the tune's note again.  Before it, the
// tune's channel is not this task's to stop or add to.  The effect is
// over before the task ends: ending would stop it.
#include <genesis.h>
#include <format.h>

static const struct genesis_note effect[] = { { 1047, 10 } };

int
main(void)
{
    int left;

    while ((left = sound(GENESIS_SOUND_LEFT, 3, 0, 0)) != 1 && left >= 0)
        yield();
    say("stop the tune = %d", sound(GENESIS_SOUND_STOP, 3, 0, 0));
    say("queue on the tune = %d", sound(GENESIS_SOUND_QUEUE, 3, effect, 1));
    uint32_t start = ticks();
    while (ticks() - start < 10)
        yield();
    say("effect = %d", sound(GENESIS_SOUND_PLAY, 0, effect, 1));
    while (sound(GENESIS_SOUND_LEFT, 0, 0, 0) > 0)
        yield();
    return 0;
}

// The tune: a melody from text on channel 3, then a long note stopped
// early.  Its data area tells task C when it has ended.
#include <genesis.h>
#include <format.h>

static const char tune[] = "C5 20 E5 20 G5 20 R 20 A4 40";
static const struct genesis_note held[] = { { 1000, 500 } };

static void
wait_ticks(uint32_t n)
{
    uint32_t start = ticks();

    while (ticks() - start < n)
        yield();
}

int
main(void)
{
    struct genesis_note notes[GENESIS_SOUND_NOTES_MAX];
    int where = 0;
    int n = melody_parse(tune, notes, GENESIS_SOUND_NOTES_MAX, &where);

    set_data_limit(1);
    say("tune: %d notes", n);
    say("play tune = %d", sound(GENESIS_SOUND_PLAY, 3, notes, (uint32_t)n));
    while (sound(GENESIS_SOUND_LEFT, 3, 0, 0) > 0)
        yield();
    say("tune played");
    say("play held = %d", sound(GENESIS_SOUND_PLAY, 3, held, 1));
    wait_ticks(30);
    say("stop = %d", sound(GENESIS_SOUND_STOP, 3, 0, 0));
    say("left after stop = %d", sound(GENESIS_SOUND_LEFT, 3, 0, 0));
    wait_ticks(30);
    return 0;
}

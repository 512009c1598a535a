// Hostile calls, each answered with its error and nothing played; then
// two harmless ones.
#include <genesis.h>
#include <format.h>

static const struct genesis_note ok[] = { { 440, 1 } };
static const struct genesis_note low[] = { { 19, 1 } };
static const struct genesis_note high[] = { { 20001, 1 } };
static const struct genesis_note zero[] = { { 440, 0 } };

int
main(void)
{
    set_data_limit(1);
    struct genesis_note *edge = (struct genesis_note *)(GENESIS_DATA_BASE + GENESIS_PAGE_SIZE) - 1;
    *edge = ok[0];

    say("bad operation = %d", sound(4, 2, ok, 1));
    say("bad channel = %d", sound(GENESIS_SOUND_PLAY, 4, ok, 1));
    say("huge channel = %d", sound(GENESIS_SOUND_STOP, 0xFFFFFFFFu, 0, 0));
    say("no notes = %d", sound(GENESIS_SOUND_PLAY, 2, ok, 0));
    say("too long = %d", sound(GENESIS_SOUND_PLAY, 2, ok, GENESIS_SOUND_NOTES_MAX + 1));
    say("huge count = %d", sound(GENESIS_SOUND_QUEUE, 2, ok, 0xFFFFFFFFu));
    say("kernel pointer = %d", sound(GENESIS_SOUND_PLAY, 2, (void *)0x1000, 1));
    say("unmapped pointer = %d", sound(GENESIS_SOUND_PLAY, 2, (void *)0x07000000, 1));
    say("wrapping pointer = %d", sound(GENESIS_SOUND_PLAY, 2, (void *)0xFFFFFFFCu, 2));
    say("past the page = %d", sound(GENESIS_SOUND_PLAY, 2, edge, 2));
    say("too low = %d", sound(GENESIS_SOUND_PLAY, 2, low, 1));
    say("too high = %d", sound(GENESIS_SOUND_PLAY, 2, high, 1));
    say("no ticks = %d", sound(GENESIS_SOUND_PLAY, 2, zero, 1));
    say("left = %d", sound(GENESIS_SOUND_LEFT, 2, 0, 0));
    say("stop = %d", sound(GENESIS_SOUND_STOP, 2, 0, 0));
    return 0;
}

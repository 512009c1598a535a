// melody_play (sound.h): the text a game writes its tunes in, turned into
// notes and handed to the sound service in one call.
#include <genesis.h>

int
melody_play(uint32_t channel, const char *melody, int *where)
{
    struct genesis_note notes[GENESIS_SOUND_NOTES_MAX];
    int count = melody_parse(melody, notes, GENESIS_SOUND_NOTES_MAX, where);

    if (count < 0)
        return GENESIS_SOUND_EINVAL;
    *where = -1;
    return sound(GENESIS_SOUND_PLAY, channel, notes, (uint32_t)count);
}

// The console's sound (sound.h, docs/sound.md).  Each channel holds a ring
// of notes and the task they belong to.  While any channel holds notes the
// clock tick counts them down; otherwise the tick does not call here at all
// (clock_set_tick_work), so a silent console costs the tick nothing.
//
// The speaker has one voice.  Every channel keeps its own time, heard or
// not; the voice plays the tone of the lowest-numbered channel whose note
// is not a rest.  So a game puts its effects on a low channel and its
// music on a high one: an effect cuts into the tune and the tune goes on
// in time after it.  A device that mixes would sound every channel; the
// channels and the service would stay as they are.
#include <stdint.h>

#include "console/sound.h"
#include "dev/clock.h"
#include "dev/speaker.h"
#include "task/task.h"

_Static_assert(sizeof(struct sound_note) == 4, "a note is two 16-bit fields");
_Static_assert(SOUND_HZ_MIN >= SPEAKER_HZ_MIN, "the speaker's counter holds every note");

struct channel {
    struct sound_note notes[SOUND_NOTES_MAX]; // a ring: notes[first] sounds now
    uint32_t first;
    uint32_t count;                      // notes held, the sounding one too
    uint32_t left;                       // ticks the sounding note has still to play
    const struct task *owner;            // whose notes these are (0 while count is 0)
};

static struct channel channels[SOUND_CHANNELS];
static int speaker;                      // speaker_init found the speaker working
static uint32_t voice_hz;                // what the speaker sounds now (0: silent)
static int ticking;                      // sound_tick is the tick's work

static void sound_tick(void);

void sound_init(void)
{
    speaker = speaker_init();
}

// Gives the voice to the lowest channel with a tone, and keeps the tick's
// work only while some channel holds notes.
static void choose_voice(void)
{
    uint32_t hz = 0;
    int held = 0;

    for (int i = 0; i < SOUND_CHANNELS; i++) {
        struct channel *c = &channels[i];
        if (!c->count)
            continue;
        held = 1;
        if (!hz)
            hz = c->notes[c->first].hz;
    }
    if (hz != voice_hz)
        speaker_tone(hz);
    voice_hz = hz;
    if (held != ticking)
        clock_set_tick_work(TICK_SOUND, held ? sound_tick : 0);
    ticking = held;
}

// Every tick while notes are held: each channel's note loses a tick, and
// the next one starts when it has none left.
static void sound_tick(void)
{
    for (int i = 0; i < SOUND_CHANNELS; i++) {
        struct channel *c = &channels[i];
        if (!c->count || --c->left)
            continue;
        c->first = (c->first + 1) % SOUND_NOTES_MAX;
        if (--c->count)
            c->left = c->notes[c->first].ticks;
        else
            c->owner = 0;
    }
    choose_voice();
}

static void channel_clear(struct channel *c)
{
    c->count = 0;
    c->owner = 0;
}

int sound_check(uint32_t op, uint32_t channel, uint32_t count)
{
    if (op >= SOUND_OPS || channel >= SOUND_CHANNELS)
        return SOUND_EINVAL;
    if (op != SOUND_PLAY && op != SOUND_QUEUE)
        return 0;
    if (count == 0)
        return SOUND_EINVAL;
    if (count > SOUND_NOTES_MAX)
        return SOUND_ETOOLONG;
    return (int)count;
}

static int note_ok(const struct sound_note *n)
{
    return n->ticks > 0 && (n->hz == 0 || (n->hz >= SOUND_HZ_MIN && n->hz <= SOUND_HZ_MAX));
}

int sound_request(const struct task *t, uint32_t op, uint32_t channel,
                  const struct sound_note *notes, uint32_t n)
{
    struct channel *c = &channels[channel];

    for (uint32_t i = 0; i < n; i++)
        if (!note_ok(&notes[i]))
            return SOUND_EINVAL;
    if (!speaker)
        return SOUND_ENODEV;
    if (op == SOUND_LEFT)
        return (int)c->count;
    if (c->count && c->owner != t)
        return SOUND_EBUSY;
    if (op == SOUND_PLAY || op == SOUND_STOP)
        channel_clear(c);
    if (c->count + n > SOUND_NOTES_MAX)
        return SOUND_EFULL;
    for (uint32_t i = 0; i < n; i++)
        c->notes[(c->first + c->count + i) % SOUND_NOTES_MAX] = notes[i];
    if (c->count == 0 && n)
        c->left = c->notes[c->first].ticks;
    c->count += n;
    c->owner = c->count ? t : 0;
    choose_voice();
    return (int)c->count;
}

void sound_task_end(const struct task *t)
{
    int owned = 0;

    for (int i = 0; i < SOUND_CHANNELS; i++)
        if (channels[i].count && channels[i].owner == t) {
            channel_clear(&channels[i]);
            owned = 1;
        }
    if (owned)
        choose_voice();
}

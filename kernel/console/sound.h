// The console's sound (docs/sound.md): four channels of notes that tasks
// fill with the sound service, played from the clock tick on the one voice
// of the PC speaker.  The numbers are the SDK's (cartridges/sdk/genesis.h,
// cartridges/sdk/sound.h).
#ifndef GENESIS_SOUND_H
#define GENESIS_SOUND_H

#include <stdint.h>

#include "task/task.h"

#define SOUND_CHANNELS      4            // channels 0-3: the lowest one with a tone has the voice
#define SOUND_NOTES_MAX     64           // notes a channel holds, and a call carries
#define SOUND_HZ_MIN        20           // a note's frequency, or 0 for a rest
#define SOUND_HZ_MAX        20000

// Operations (the service's EAX).
#define SOUND_PLAY          0            // drop what the channel holds, play these notes now
#define SOUND_QUEUE         1            // play these notes after what the channel holds
#define SOUND_STOP          2            // silence the channel, drop its notes
#define SOUND_LEFT          3            // how many notes the channel holds (the sounding one too)
#define SOUND_OPS           4

// Results below 0 (the service's EAX).
#define SOUND_ENODEV        (-1)         // no working PIT channel 2: the console is silent
#define SOUND_EINVAL        (-2)         // no such operation or channel, a count of 0, a bad note
#define SOUND_EFAULT        (-3)         // the notes are not all readable by the task
#define SOUND_ETOOLONG      (-4)         // more than SOUND_NOTES_MAX notes in one call
#define SOUND_EFULL         (-5)         // the channel has no room for them all (none queued)
#define SOUND_EBUSY         (-6)         // the channel plays another task's notes

// A note as tasks write it: hz 0 is a rest.  4 bytes, no padding.
struct sound_note {
    uint16_t hz;                         // 0, or SOUND_HZ_MIN to SOUND_HZ_MAX
    uint16_t ticks;                      // how long, in clock ticks: 1 or more
};

// Finds out whether the PC speaker works (dev/speaker.c).  After clock_init.
void sound_init(void);

// The first check of a call, before its notes are read: the number of
// notes it carries (0 for SOUND_STOP and SOUND_LEFT), or its error.
int sound_check(uint32_t op, uint32_t channel, uint32_t count);

// Does operation op on the channel for task t with its n notes (as
// sound_check allowed).  Returns the notes the channel holds now, or an
// error (SOUND_E...); on an error nothing changes.
int sound_request(const struct task *t, uint32_t op, uint32_t channel,
                  const struct sound_note *notes, uint32_t n);

// Task t is ending (task_end's hook): its channels fall silent and free.
void sound_task_end(const struct task *t);

#endif

// Notes for the sound service (genesis.h: sound()), and melodies written
// as text.  Apart from genesis.h, and calling nothing, so that host
// programs (the SDK's tests, a tool that writes music) can include it.
// docs/sound.md tells how the console plays them.
//
// A melody is a string of notes, each a pitch and a length in clock ticks
// (GENESIS_CLOCK_HZ a second), separated by spaces, tabs or line ends:
//
//     "C4 8 E4 8 G4 16 R 8 Bb3 4 F#5 12"
//
//   pitch    a letter A-G, then '#' (sharp) or 'b' (flat) or nothing, then
//            the octave 0-8 (scientific pitch: A4 is 440 Hz, C4 middle C;
//            B#4 is C5, Cb4 is B3); or R for a rest.  The lowest pitch is
//            E0 (GENESIS_NOTE_HZ_MIN).
//   length   1 to 65535 ticks, in decimal.
#ifndef GENESIS_SOUND_NOTES_H
#define GENESIS_SOUND_NOTES_H

#include <stdint.h>

#define GENESIS_NOTE_HZ_MIN      20           // a note's frequency, or 0 for a rest
#define GENESIS_NOTE_HZ_MAX      20000
#define GENESIS_NOTE_TICKS_MAX   65535        // a note lasts 1 to this many clock ticks

// What melody_parse returns for text it cannot take.
#define GENESIS_MELODY_BAD       (-1)         // *where: the first character that is not a note
#define GENESIS_MELODY_TOO_LONG  (-2)         // *where: the first note past max

// A note as the sound service reads it: 4 bytes.
struct genesis_note {
    uint16_t hz;                          // 0: a rest; else GENESIS_NOTE_HZ_MIN to _MAX
    uint16_t ticks;                       // 1 to GENESIS_NOTE_TICKS_MAX
};

static inline int
melody_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The pitch at *p ("C#4", "R"): its frequency in *hz (0 for a rest), p
// moved past it.  0, or -1 with p where the pitch went wrong.
static inline int
melody_pitch(const char **p, uint16_t *hz)
{
    static const int8_t semitone[7] = { 9, 11, 0, 2, 4, 5, 7 }; // A B C D E F G
    // Octave 9 of the equal-tempered scale, C9 to B9, in thousandths of a
    // hertz: each octave below halves it, so shifts reach octaves 0-9 to
    // within half a hertz.
    static const uint32_t octave9_mhz[12] = {
        8372018, 8869844, 9397273, 9956063, 10548082, 11175303,
        11839822, 12543854, 13289750, 14080000, 14917240, 15804266,
    };
    const char *s = *p;
    int note;

    if (*s == 'R') {
        *p = s + 1;
        *hz = 0;
        return 0;
    }
    if (*s < 'A' || *s > 'G')
        return -1;
    note = semitone[*s++ - 'A'];
    if (*s == '#' || *s == 'b')
        note += *s++ == '#' ? 1 : -1;
    *p = s;
    if (*s < '0' || *s > '8')
        return -1;
    note += 12 * (*s++ - '0');            // semitones above C0: -1 (Cb0) to 109 (B#8)
    if (note < 0)
        return -1;
    uint32_t shift = 9 - (uint32_t)note / 12;
    uint32_t mhz = octave9_mhz[note % 12];
    uint32_t f = (mhz + (500u << shift)) / (1000u << shift);
    if (f < GENESIS_NOTE_HZ_MIN)
        return -1;
    *hz = (uint16_t)f;
    *p = s;
    return 0;
}

// The length at *p, in ticks, p moved past it.  0, or -1 with p where it
// went wrong.
static inline int
melody_length(const char **p, uint16_t *ticks)
{
    const char *s = *p;
    uint32_t n = 0;

    if (*s < '0' || *s > '9')
        return -1;
    while (*s >= '0' && *s <= '9') {
        n = n * 10 + (uint32_t)(*s - '0');
        if (n > GENESIS_NOTE_TICKS_MAX || n == 0) {
            *p = s;
            return -1;
        }
        s++;
    }
    *p = s;
    *ticks = (uint16_t)n;
    return 0;
}

// Reads the NUL-terminated melody text into notes[0..max-1].  Returns the
// number of notes, or GENESIS_MELODY_BAD or GENESIS_MELODY_TOO_LONG with
// *where set to the offset in text of what went wrong; notes past the
// count are left as they were.  A pitch and its length must be separated
// by space, and so must one note and the next.  Touches nothing but text
// up to its NUL, notes[0..max-1] and *where.
static inline int
melody_parse(const char *text, struct genesis_note *notes, int max, int *where)
{
    const char *p = text;
    int n = 0;

    for (;;) {
        while (melody_space(*p))
            p++;
        if (!*p)
            return n;
        const char *start = p;
        struct genesis_note note;
        if (melody_pitch(&p, &note.hz) < 0 || !melody_space(*p))
            break;
        while (melody_space(*p))
            p++;
        if (melody_length(&p, &note.ticks) < 0 || (*p && !melody_space(*p)))
            break;
        if (n >= max) {
            *where = (int)(start - text);
            return GENESIS_MELODY_TOO_LONG;
        }
        notes[n++] = note;
    }
    *where = (int)(p - text);
    return GENESIS_MELODY_BAD;
}

// Plays melody text on a channel at once (GENESIS_SOUND_PLAY), in the
// SDK's library (melody.c).  Returns what sound() returns, and sets *where
// to -1; or, for text melody_parse cannot take, returns
// GENESIS_SOUND_EINVAL, plays nothing, and sets *where to the offset of
// the fault.
int melody_play(uint32_t channel, const char *melody, int *where);

#endif

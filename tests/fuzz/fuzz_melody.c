// libFuzzer target on melody_parse (cartridges/sdk/sound.h), the SDK's
// reader of melodies as text.  It checks what the sound service and a game
// rely on: the count is within max, every note it gives is one the service
// takes, nothing is written past max notes, and an error's offset lies in
// the text.  Any broken promise aborts.
#include <stdlib.h>
#include <string.h>

#include "../../cartridges/sdk/sound.h"

#define TEXT_MAX            1024
#define NOTES_MAX           16
#define GUARD               0x5A

static void
expect(int ok)
{
    if (!ok)
        abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char text[TEXT_MAX];
    struct genesis_note notes[NOTES_MAX + 1];
    size_t n = size < TEXT_MAX - 1 ? size : TEXT_MAX - 1;
    int max = size ? data[0] % (NOTES_MAX + 1) : 0;
    int where = -1;

    memcpy(text, data, n);
    text[n] = '\0';
    memset(notes, GUARD, sizeof(notes));
    int count = melody_parse(text, notes, max, &where);
    for (size_t i = (size_t)max * sizeof(notes[0]); i < sizeof(notes); i++)
        expect(((unsigned char *)notes)[i] == GUARD);
    if (count < 0) {
        expect(count == GENESIS_MELODY_BAD || count == GENESIS_MELODY_TOO_LONG);
        expect(where >= 0 && (size_t)where <= strlen(text));
        return 0;
    }
    expect(count <= max && where == -1);
    for (int i = 0; i < count; i++) {
        expect(notes[i].ticks >= 1);
        expect(notes[i].hz == 0 ||
               (notes[i].hz >= GENESIS_NOTE_HZ_MIN && notes[i].hz <= GENESIS_NOTE_HZ_MAX));
    }
    return 0;
}

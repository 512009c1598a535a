// The SDK's melody parser (cartridges/sdk/sound.h): pitches against the
// equal-tempered scale worked out here with floating point, lengths, rests,
// and hostile text, each refused with the offset of what is wrong and
// nothing written past the notes it may write.
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../cartridges/sdk/sound.h"

#define GUARD               0xA5A5       // what the notes hold before a parse

static struct genesis_note notes[8];

static int parse(const char *text, int max, int *where)
{
    memset(notes, GUARD & 0xFF, sizeof(notes));
    *where = -7;
    return melody_parse(text, notes, max, where);
}

// Frequency of a semitone number (0 = C0), A4 = 440 Hz.
static double pitch(int semitone)
{
    return 440.0 * pow(2.0, (semitone - 57) / 12.0);
}

static void test_every_pitch_of_every_octave(void **state)
{
    static const char *const names[12] = {
        "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B",
    };
    char text[16];
    int where;

    (void)state;
    for (int octave = 0; octave <= 8; octave++)
        for (int n = 0; n < 12; n++) {
            snprintf(text, sizeof(text), "%s%d 1", names[n], octave);
            double f = pitch(octave * 12 + n);
            int count = parse(text, 1, &where);
            if (f < GENESIS_NOTE_HZ_MIN - 0.5) {
                assert_int_equal(count, GENESIS_MELODY_BAD);
                continue;
            }
            assert_int_equal(count, 1);
            assert_true(fabs(notes[0].hz - f) <= 0.5 + 1e-9);
            assert_int_equal(notes[0].ticks, 1);
        }
}

static void test_flats_and_sharps_across_octaves(void **state)
{
    int where;

    (void)state;
    assert_int_equal(parse("Bb3 2 A#3 2 B#4 3 C5 3 Cb4 4 B3 4 E#4 1 F4 1", 8, &where), 8);
    assert_int_equal(notes[0].hz, notes[1].hz);
    assert_int_equal(notes[2].hz, notes[3].hz);
    assert_int_equal(notes[2].hz, 523);
    assert_int_equal(notes[4].hz, notes[5].hz);
    assert_int_equal(notes[4].hz, 247);
    assert_int_equal(notes[6].hz, notes[7].hz);
    assert_int_equal(parse("B#8 1", 1, &where), 1);
    assert_int_equal(notes[0].hz, 8372);
    assert_int_equal(parse("A4 1", 1, &where), 1);
    assert_int_equal(notes[0].hz, 440);
}

static void test_the_issues_example_and_rests(void **state)
{
    int where;

    (void)state;
    assert_int_equal(parse("C4 8 E4 8 G4 16", 3, &where), 3);
    assert_int_equal(notes[0].hz, 262);
    assert_int_equal(notes[0].ticks, 8);
    assert_int_equal(notes[1].hz, 330);
    assert_int_equal(notes[2].hz, 392);
    assert_int_equal(notes[2].ticks, 16);
    assert_int_equal(parse("\t R 65535\r\n  A4\t1 \n", 4, &where), 2);
    assert_int_equal(notes[0].hz, 0);
    assert_int_equal(notes[0].ticks, 65535);
    assert_int_equal(notes[1].hz, 440);
    assert_int_equal(notes[2].hz, GUARD);
    assert_int_equal(parse("", 0, &where), 0);
    assert_int_equal(parse("   ", 0, &where), 0);
    assert_int_equal(where, -7);
}

static void test_bad_text_says_where(void **state)
{
    static const struct { const char *text; int where; } cases[] = {
        { "H4 8", 0 },          // no such letter
        { "c4 8", 0 },          // lower case
        { "C 8", 1 },           // no octave
        { "C9 8", 1 },          // octave 9
        { "C#b4 8", 2 },        // two accidentals
        { "C4", 2 },            // no length
        { "C4 ", 3 },
        { "C48", 2 },           // no space between
        { "C4 0", 3 },          // zero ticks
        { "C4 08", 3 },
        { "C4 65536", 7 },      // more than 16 bits
        { "C4 99999999999999999999", 7 },
        { "C4 -1", 3 },
        { "C4 +1", 3 },
        { "C4 8x", 4 },
        { "C4 8 E4", 7 },
        { "R8", 1 },
        { "Rb 8", 1 },
        { "D#0 1", 2 },         // below GENESIS_NOTE_HZ_MIN
        { "Cb0 1", 2 },         // below C0
        { "C4 8,E4 8", 4 },
        { "C4 8 \x80", 5 },
        { "\xff", 0 },
        { "C4 1 ; comment", 5 },
    };
    int where;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int count = parse(cases[i].text, 8, &where);
        if (count != GENESIS_MELODY_BAD || where != cases[i].where)
            fail_msg("\"%s\": %d at %d, expected %d at %d", cases[i].text, count, where,
                     GENESIS_MELODY_BAD, cases[i].where);
    }
}

static void test_no_note_past_max(void **state)
{
    int where;

    (void)state;
    assert_int_equal(parse("C4 1 D4 2 E4 3", 2, &where), GENESIS_MELODY_TOO_LONG);
    assert_int_equal(where, 10);
    assert_int_equal(notes[1].ticks, 2);
    assert_int_equal(notes[2].hz, GUARD);
    assert_int_equal(parse("C4 1", 0, &where), GENESIS_MELODY_TOO_LONG);
    assert_int_equal(where, 0);
    assert_int_equal(notes[0].hz, GUARD);
    assert_int_equal(parse("C4 1", -5, &where), GENESIS_MELODY_TOO_LONG);
    assert_int_equal(notes[0].hz, GUARD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_pitch_of_every_octave),
        cmocka_unit_test(test_flats_and_sharps_across_octaves),
        cmocka_unit_test(test_the_issues_example_and_rests),
        cmocka_unit_test(test_bad_text_says_where),
        cmocka_unit_test(test_no_note_past_max),
    };

    return cmocka_run_group_tests(tests, 0, 0);
}

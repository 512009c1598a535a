// The console's sound channels (kernel/console/sound.c) over a fake
// speaker and a fake clock: what the one voice sounds tick by tick, which
// channel has it, the service's checks and errors, a task's notes ending
// with it, and the tick's work set only while notes are held.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "console/sound.h"
#include "dev/clock.h"
#include "dev/speaker.h"

// The fakes: the speaker's tone after each change, and the tick's work.
static int speaker_works = 1;
static uint32_t tone;
static int tone_changes;
static void (*work)(void);

int speaker_init(void)
{
    return speaker_works;
}

void speaker_tone(uint32_t hz)
{
    tone = hz;
    tone_changes++;
}

void clock_set_tick_work(enum tick_work which, void (*w)(void))
{
    assert_int_equal(which, TICK_SOUND);
    work = w;
}

static struct task task_a, task_b;

// One clock tick, as the clock stub gives it: the work only while set.
static void tick(void)
{
    if (work)
        work();
}

// The tone of each of n ticks, starting with the one sounding now.
static void tones(uint32_t *out, int n)
{
    for (int i = 0; i < n; i++) {
        out[i] = tone;
        tick();
    }
}

static int play(const struct task *t, uint32_t op, uint32_t channel,
                const struct sound_note *notes, uint32_t n)
{
    int checked = sound_check(op, channel, n);

    if (checked < 0)
        return checked;
    return sound_request(t, op, channel, notes, (uint32_t)checked);
}

static int setup(void **state)
{
    (void)state;
    speaker_works = 1;
    sound_init();
    return 0;
}

// Every test leaves the console silent, with no work on the tick.
static int teardown(void **state)
{
    (void)state;
    sound_task_end(&task_a);
    sound_task_end(&task_b);
    assert_int_equal(tone, 0);
    assert_null(work);
    return 0;
}

static void test_notes_sound_for_their_ticks(void **state)
{
    const struct sound_note notes[] = { { 523, 2 }, { 0, 1 }, { 659, 3 } };
    uint32_t heard[7];
    const uint32_t expected[7] = { 523, 523, 0, 659, 659, 659, 0 };

    (void)state;
    assert_int_equal(play(&task_a, SOUND_PLAY, 3, notes, 3), 3);
    tones(heard, 7);
    assert_memory_equal(heard, expected, sizeof(expected));
    assert_null(work);
    assert_int_equal(play(&task_a, SOUND_LEFT, 3, 0, 0), 0);
}

static void test_the_lowest_channel_with_a_tone_has_the_voice(void **state)
{
    const struct sound_note tune[] = { { 440, 6 } };
    const struct sound_note effect[] = { { 1047, 2 } };
    const struct sound_note rest[] = { { 0, 2 } };
    uint32_t heard[7];
    const uint32_t expected[7] = { 440, 1047, 1047, 440, 440, 440, 0 };

    (void)state;
    assert_int_equal(play(&task_a, SOUND_PLAY, 3, tune, 1), 1);
    tones(heard, 1);
    // The tune keeps its time under the effect: 6 ticks in all.
    assert_int_equal(play(&task_b, SOUND_PLAY, 0, effect, 1), 1);
    tones(heard + 1, 6);
    assert_memory_equal(heard, expected, sizeof(expected));
    // A rest on a lower channel leaves the voice to the tone above it.
    assert_int_equal(play(&task_a, SOUND_PLAY, 3, tune, 1), 1);
    assert_int_equal(play(&task_b, SOUND_PLAY, 1, rest, 1), 1);
    assert_int_equal(tone, 440);
}

static void test_queue_replace_stop(void **state)
{
    const struct sound_note a[] = { { 300, 2 } }, b[] = { { 400, 1 } }, c[] = { { 500, 1 } };
    uint32_t heard[4];
    const uint32_t expected[4] = { 300, 300, 400, 0 };

    (void)state;
    assert_int_equal(play(&task_a, SOUND_PLAY, 2, a, 1), 1);
    assert_int_equal(play(&task_a, SOUND_QUEUE, 2, b, 1), 2);
    assert_int_equal(play(&task_a, SOUND_LEFT, 2, 0, 0), 2);
    tones(heard, 4);
    assert_memory_equal(heard, expected, sizeof(expected));
    // Play drops what was held and starts at once.
    assert_int_equal(play(&task_a, SOUND_PLAY, 2, a, 1), 1);
    assert_int_equal(play(&task_a, SOUND_PLAY, 2, c, 1), 1);
    assert_int_equal(tone, 500);
    assert_int_equal(play(&task_a, SOUND_STOP, 2, 0, 0), 0);
    assert_int_equal(tone, 0);
    assert_null(work);
    // Queueing on a silent channel starts it.
    assert_int_equal(play(&task_a, SOUND_QUEUE, 2, b, 1), 1);
    assert_int_equal(tone, 400);
}

static void test_a_channel_is_its_tasks_until_it_falls_silent(void **state)
{
    const struct sound_note a[] = { { 300, 1 } };

    (void)state;
    assert_int_equal(play(&task_a, SOUND_PLAY, 1, a, 1), 1);
    assert_int_equal(play(&task_b, SOUND_STOP, 1, 0, 0), SOUND_EBUSY);
    assert_int_equal(play(&task_b, SOUND_PLAY, 1, a, 1), SOUND_EBUSY);
    assert_int_equal(play(&task_b, SOUND_QUEUE, 1, a, 1), SOUND_EBUSY);
    assert_int_equal(play(&task_b, SOUND_LEFT, 1, 0, 0), 1);
    assert_int_equal(tone, 300);
    tick();
    assert_int_equal(play(&task_b, SOUND_PLAY, 1, a, 1), 1);
}

static void test_an_ending_task_falls_silent_alone(void **state)
{
    const struct sound_note a[] = { { 300, 50 } }, b[] = { { 600, 50 } };

    (void)state;
    assert_int_equal(play(&task_a, SOUND_PLAY, 0, a, 1), 1);
    assert_int_equal(play(&task_b, SOUND_PLAY, 3, b, 1), 1);
    assert_int_equal(tone, 300);
    sound_task_end(&task_a);
    assert_int_equal(tone, 600);
    assert_int_equal(play(&task_b, SOUND_LEFT, 0, 0, 0), 0);
    assert_int_equal(play(&task_b, SOUND_LEFT, 3, 0, 0), 1);
}

static void test_bad_calls_change_nothing(void **state)
{
    struct sound_note many[SOUND_NOTES_MAX];
    const struct sound_note low[] = { { 19, 1 } }, high[] = { { 20001, 1 } },
                            still[] = { { 440, 0 } }, ok[] = { { 440, 1 } };
    int changes = tone_changes;

    (void)state;
    for (int i = 0; i < SOUND_NOTES_MAX; i++)
        many[i] = (struct sound_note){ 100 + i, 1 };
    assert_int_equal(sound_check(SOUND_OPS, 0, 1), SOUND_EINVAL);
    assert_int_equal(sound_check(UINT32_MAX, 0, 1), SOUND_EINVAL);
    assert_int_equal(sound_check(SOUND_PLAY, SOUND_CHANNELS, 1), SOUND_EINVAL);
    assert_int_equal(sound_check(SOUND_STOP, UINT32_MAX, 0), SOUND_EINVAL);
    assert_int_equal(sound_check(SOUND_PLAY, 0, 0), SOUND_EINVAL);
    assert_int_equal(sound_check(SOUND_QUEUE, 0, SOUND_NOTES_MAX + 1), SOUND_ETOOLONG);
    assert_int_equal(sound_check(SOUND_QUEUE, 0, UINT32_MAX), SOUND_ETOOLONG);
    assert_int_equal(sound_check(SOUND_STOP, 0, UINT32_MAX), 0);
    assert_int_equal(sound_check(SOUND_PLAY, 3, SOUND_NOTES_MAX), SOUND_NOTES_MAX);
    assert_int_equal(play(&task_a, SOUND_PLAY, 0, low, 1), SOUND_EINVAL);
    assert_int_equal(play(&task_a, SOUND_PLAY, 0, high, 1), SOUND_EINVAL);
    assert_int_equal(play(&task_a, SOUND_PLAY, 0, still, 1), SOUND_EINVAL);
    assert_int_equal(tone_changes, changes);
    assert_int_equal(tone, 0);
    assert_null(work);
    // A full channel takes no part of a queue that does not fit.
    assert_int_equal(play(&task_a, SOUND_PLAY, 0, many, SOUND_NOTES_MAX), SOUND_NOTES_MAX);
    assert_int_equal(play(&task_a, SOUND_QUEUE, 0, ok, 1), SOUND_EFULL);
    assert_int_equal(play(&task_a, SOUND_LEFT, 0, 0, 0), SOUND_NOTES_MAX);
    // The ring wraps: after a note has played, one more fits, and plays last.
    tick();
    assert_int_equal(play(&task_a, SOUND_QUEUE, 0, ok, 1), SOUND_NOTES_MAX);
    for (int i = 1; i < SOUND_NOTES_MAX; i++) {
        assert_int_equal(tone, 100u + i);
        tick();
    }
    assert_int_equal(tone, 440);
    tick();
}

static void test_no_speaker_no_sound(void **state)
{
    const struct sound_note ok[] = { { 440, 1 } }, bad[] = { { 440, 0 } };
    int changes = tone_changes;

    (void)state;
    speaker_works = 0;
    sound_init();
    for (uint32_t op = 0; op < SOUND_OPS; op++)
        assert_int_equal(play(&task_a, op, 0, ok, 1), SOUND_ENODEV);
    assert_int_equal(play(&task_a, SOUND_PLAY, 0, bad, 1), SOUND_EINVAL);
    assert_int_equal(play(&task_a, SOUND_PLAY, 9, ok, 1), SOUND_EINVAL);
    assert_int_equal(tone_changes, changes);
    assert_null(work);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_notes_sound_for_their_ticks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_lowest_channel_with_a_tone_has_the_voice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_queue_replace_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_channel_is_its_tasks_until_it_falls_silent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_ending_task_falls_silent_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_calls_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_speaker_no_sound, setup, teardown),
    };

    return cmocka_run_group_tests(tests, 0, 0);
}

"""Sound (docs/sound.md): the notes tasks ask for, recorded from QEMU's PC
speaker into a WAV file and found again there with an FFT; a PC without a
working PIT channel 2; hostile calls; swapping cartridges; the melody
parser's fuzzer.  tests/boot/speaker.py records and reads the speaker."""
import os

from genesis import ROOT, after, defines, expect_clean_end
from speaker import SLACK, expect_tones, pit_hz, record, tones
from parser_checks import run_fuzzer

FUZZ_SECONDS = 20
FUZZ_FLAGS = ["-max_len=1024", "-use_value_profile=1"]   # as FUZZ_FLAGS_melody in tests/fuzz/fuzz.mk

# What task D's hostile calls get (tests/carts/sound/D.c), with sound and without.
HOSTILE = [("bad operation", "-2"), ("bad channel", "-2"), ("huge channel", "-2"),
           ("no notes", "-2"), ("too long", "-4"), ("huge count", "-4"),
           ("kernel pointer", "-3"), ("unmapped pointer", "-3"), ("wrapping pointer", "-3"),
           ("past the page", "-3"), ("too low", "-2"), ("too high", "-2"), ("no ticks", "-2")]


def test_the_speaker_plays_the_notes_asked_for():
    # Channel 3: C5 E5 G5 for 20 ticks each, a 20-tick rest, A4 for 40;
    # 10 ticks into A4, an effect on channel 0 (C6 for 10) takes the voice
    # and A4 comes back for the rest of its time.  Then 1000 Hz asked for
    # 500 ticks and stopped after 30; then task C's 1500 Hz, asked for 500,
    # cut when the kernel kills it 20 ticks later.
    run, path = record("sound-notes", ["sound"])
    expect_clean_end(run)
    run.expect(r"sound: the PC speaker on PIT channel 2$")
    run.expect(r"task A: tune: 5 notes$")
    run.expect_order(r"task A: play tune = 5$", r"task B: stop the tune = -6$",
                     r"task B: queue on the tune = -6$", r"task B: effect = 1$",
                     r"task A: tune played$", r"task A: play held = 1$", r"task A: stop = 0$",
                     r"task A: left after stop = 0$", r"task C: held = 1$",
                     r"task C: killed page fault ")
    for label, result in HOSTILE + [("left", "0"), ("stop", "0")]:
        run.expect(rf"task D: {label} = {result}$")
    found = tones(path)
    assert len(found) == 8, found
    expect_tones(found[:3], [(523, 20), (659, 20), (784, 20)])
    expect_tones(found[3:6], [(440, None), (1047, 10), (440, None)])
    assert abs(found[3][1] + found[4][1] + found[5][1] - 40) <= SLACK, found
    expect_tones(found[6:], [(1000, 30), (1500, 20)])


def test_no_pit_channel_2_no_sound():
    # QEMU without its 8254 has no speaker either: every call that is not
    # refused for its arguments gets GENESIS_SOUND_ENODEV, the console
    # stays silent, and the tasks run on as before.
    run, path = record("sound-no-pit", ["sound"], machine="q35,pit=off")
    expect_clean_end(run)
    run.expect(r"sound: PIT channel 2 does not count: no PC speaker, the console is silent$")
    run.expect_none(r"sound: the PC speaker")
    for label, result in HOSTILE + [("left", "-1"), ("stop", "-1")]:
        run.expect(rf"task D: {label} = {result}$")
    for line in [r"task A: play tune = -1$", r"task A: tune played$", r"task A: stop = -1$",
                 r"task B: stop the tune = -1$", r"task B: effect = -1$", r"task C: held = -1$",
                 r"task D: exited status=0$", r"task A: exited status=0$"]:
        run.expect(line)
    assert not os.path.exists(path) or tones(path) == []


def test_swapping_cartridges_silences_the_console():
    # A note of 1000 ticks; select swaps to the next cartridge half a second
    # later, which ends the task and its note.
    def tab(mon, folder):
        mon.command("sendkey tab 50")
    run, path = record("sound-swap", ["sound_hold", "hello"],
                       config="exit=idle\ncart=sound_hold.cart\n", triggers=[(r"task A: holding = 1$", after(0.5, tab))])
    expect_clean_end(run)
    run.expect_order(r"task A: holding = 1$", r"task A: ejected with the cartridge$",
                     r'cart: inserted "Hello, world"$')
    found = tones(path)
    assert len(found) == 1 and abs(found[0][0] - pit_hz(2000)) <= 20 and found[0][1] < 500, found


def test_sdk_and_kernel_agree():
    sdk, kernel = defines("cartridges/sdk/genesis.h"), defines("kernel/console/sound.h")
    notes = defines("cartridges/sdk/sound.h")
    assert sdk["GENESIS_SYS_SOUND"] == defines("kernel/task/syscall.h")["SYS_SOUND"]
    assert sdk["GENESIS_SOUND_CHANNELS"] == kernel["SOUND_CHANNELS"]
    assert sdk["GENESIS_SOUND_NOTES_MAX"] == kernel["SOUND_NOTES_MAX"]
    assert notes["GENESIS_NOTE_HZ_MIN"] == kernel["SOUND_HZ_MIN"]
    assert notes["GENESIS_NOTE_HZ_MAX"] == kernel["SOUND_HZ_MAX"]
    for name in ("PLAY", "QUEUE", "STOP", "LEFT"):
        assert sdk[f"GENESIS_SOUND_{name}"] == kernel[f"SOUND_{name}"]
    errors = {}
    for path, prefix in (("cartridges/sdk/genesis.h", "GENESIS_SOUND_"),
                         ("kernel/console/sound.h", "SOUND_")):
        for line in (ROOT / path).read_text().splitlines():
            words = line.split()
            if len(words) >= 3 and words[0] == "#define" and words[1].startswith(prefix + "E"):
                errors.setdefault(words[1][len(prefix):], []).append(words[2])
    assert len(errors) == 6 and all(len(set(v)) == 1 and len(v) == 2 for v in errors.values()), errors


def test_fuzz_melody(tmp_path):
    """libFuzzer from an empty corpus: the parser keeps within max notes,
    gives only notes the service takes, and says where bad text goes wrong."""
    run_fuzzer("fuzz_melody", FUZZ_FLAGS, FUZZ_SECONDS, tmp_path, [])


def test_breakout_plays_its_tune_a_brick_and_a_lost_ball():
    # The tune at start (cartridges/breakout/common/sounds.c), then, once Z
    # serves, the ball's sounds: a brick (E6 B6, each three ticks: a note
    # found in the recording must fill two of its 10 ms windows whatever
    # their phase) heard over the bounce off it (A4, on a channel after the
    # brick's), then, with the paddle left where it was, the lost ball.
    started = r"task A: breakout: arrows steer, Z serves, Enter pauses$"

    def serve(mon, folder):
        mon.command("sendkey z 50")
    run, path = record("sound-breakout", ["breakout"], config="exit=never\nmax_ticks=1500\n",
                       triggers=[(started, after(3.0, serve))])
    run.expect(rf"genesis: max_ticks reached, ticks=1500$")
    run.expect_none(r"task A: breakout: bad melody")
    found = tones(path)
    expect_tones(found[:6], [(523, 6), (659, 6), (784, 6), (1047, 12), (784, 6), (1047, 18)])
    expect_tones(found[6:], [(1319, 3), (1976, 3), (392, 10), (311, 10), (262, 24)])

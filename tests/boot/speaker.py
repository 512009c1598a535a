"""The PC speaker heard from the outside: a scenario booted with QEMU's
speaker recorded into a WAV file, and the tones found in it with an FFT.

QEMU writes the WAV only while the speaker sounds: a rest, or a stopped
channel, leaves no samples at all, so silence shows as a tone that ends
early and as nothing after it, not as quiet samples."""
import os
import wave

import numpy

from genesis import GUEST_TIME, NO_SCREEN, RUNS, boot

TICK = 0.01            # seconds: GENESIS_CLOCK_HZ is 100
SLACK = 2              # ticks a recorded duration may be off (a boundary window, a tick's phase)
PIT_HZ = 1193182


def pit_hz(hz):
    """What the speaker really sounds for hz: the PIT divides its clock by an integer."""
    return PIT_HZ / round(PIT_HZ / hz)


def record(name, carts, machine="q35", config="exit=idle\n", triggers=()):
    """Boots with the speaker recorded; returns the Run and the WAV's path."""
    path = os.path.join(RUNS, name, "speaker.wav")
    run = boot(name, carts=carts, machine=f"{machine},pcspk-audiodev=snd", config=config,
               extra_args=["-audiodev", f"wav,id=snd,path={path}", *NO_SCREEN, *GUEST_TIME],
               triggers=triggers, timeout=300)
    return run, path


def tones(path):
    """The tones in a WAV, in order: (Hz, ticks).  Each 10 ms window gets its
    strongest frequency; runs of windows that agree within 3 % are a tone
    (a lone window is where one tone turned into the next), and a tone's
    frequency is measured again over all of its samples."""
    with wave.open(path) as w:
        rate, channels = w.getframerate(), w.getnchannels()
        assert w.getsampwidth() == 2
        samples = numpy.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    samples = samples.reshape(-1, channels)[:, 0].astype(float)
    size = int(rate * TICK)

    def strongest(x):
        x = (x - x.mean()) * numpy.hanning(len(x))
        spectrum = numpy.abs(numpy.fft.rfft(x, n=16 * len(x)))
        return numpy.argmax(spectrum) * rate / (16 * len(x))

    runs = []                                   # [Hz of the first window, first, count]
    for i in range(len(samples) // size):
        f = strongest(samples[i * size:(i + 1) * size])
        if runs and abs(f - runs[-1][0]) <= 0.03 * runs[-1][0]:
            runs[-1][2] += 1
        else:
            runs.append([f, i, 1])
    runs = [r for r in runs if r[2] > 1]
    merged = []
    for f, first, count in runs:
        if merged and abs(f - merged[-1][0]) <= 0.03 * f:
            merged[-1][2] = first + count - merged[-1][1]
        else:
            merged.append([f, first, count])
    return [(strongest(samples[first * size:(first + count) * size]), count)
            for _, first, count in merged]


def expect_tones(found, expected):
    """found matches expected, (Hz, ticks or None for any) pairs: the same
    count, in order, each within 1 % of its frequency and SLACK ticks of
    its length."""
    text = f"found {[(round(f), n) for f, n in found]}, expected {expected}"
    assert len(found) == len(expected), text
    for (f, n), (hz, ticks) in zip(found, expected):
        assert abs(f - pit_hz(hz)) <= 0.01 * hz, text
        assert ticks is None or abs(n - ticks) <= SLACK, text

// The PC speaker: PIT channel 2's square wave, let through to the speaker
// by two bits of port 0x61.  One voice: one frequency at a time, or none.
// A PC whose 8254 is gated off (dev/clock.c) has no speaker either: its
// channel 2 does not count, and speaker_init finds that out.
#ifndef GENESIS_SPEAKER_H
#define GENESIS_SPEAKER_H

#include <stdint.h>

#define PIT_CH2             0x42         // channel 2 data port: the speaker's counter
#define PIT_CH2_SQUARE      0xB6         // channel 2, low then high byte, mode 3 (square wave), binary
#define PIT_CH2_LATCH       0x80         // channel 2: latch the count so both bytes are of one moment
#define SPEAKER_PORT        0x61         // system control port B
#define SPEAKER_GATE        0x01         // bit 0: channel 2's gate, the counter runs
#define SPEAKER_DATA        0x02         // bit 1: channel 2's output drives the speaker
#define SPEAKER_KEEP        0x0C         // bits 2-3: the NMI sources' enables, left as they were
#define SPEAKER_PROBE_READS 1000         // counter reads before calling channel 2 stopped
#define SPEAKER_HZ_MIN      19           // PIT_INPUT_HZ / 19 is the largest divisor that fits 16 bits

// Whether channel 2 counts: logs `sound: the PC speaker on PIT channel 2`
// or why there is no sound, and leaves the speaker silent.  Returns 1 when
// the speaker works, else 0.  Once at boot.
int speaker_init(void);

// Sounds hz (SPEAKER_HZ_MIN to PIT_INPUT_HZ / 2), or silences the speaker
// for 0.  Only after speaker_init found it working.
void speaker_tone(uint32_t hz);

#endif

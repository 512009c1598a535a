// What the four tasks of the exam-000 sample agree on: where each keeps
// what in its data area, and a small formatted print.
#ifndef EXAM000_H
#define EXAM000_H

#include <stdint.h>

#include <genesis.h>

#define AREA                ((volatile uint8_t *)GENESIS_DATA_BASE)

// Byte 0 of every area says how far its owner has got; it only goes up.
#define STATE               0
#define A_TEXT              16           // A's message, NUL-terminated
#define A_READY             1            // A's state: the message is there
#define A_GROWN             2            // A's state: its area has its final size
#define A_PAGES             8
#define B_MEASURED          1            // B's state: B has sized A's area
#define C_SIEVE             4096         // C's sieve: byte n is 1 when n is prime
#define C_SIEVE_SIZE        8192
#define C_READY             1            // C's state: the sieve is complete
#define D_DONE              1            // D's state: D has read the sieve

// Logs "task L: " and fmt with %u (uint32_t), %s and %c filled in.
void say(const char *fmt, ...);

// Waits until task letter's state byte has reached state.
void wait_state(char letter, uint8_t state);

#endif

// What the four tasks of the exam-000 sample agree on: where each keeps
// what in its data area, and how they show it.
#ifndef EXAM000_H
#define EXAM000_H

#include <stdint.h>

#include <format.h>
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

// Each task shows its part on its screen, in the colours of the
// cartridge's palette (frames.py).
#define INK_BACKGROUND      0
#define INK_SLOT            1            // a page the area does not have
#define INK_PAGE            2            // a page of A's area
#define INK_MEASURED        3            // a page of A's area, found by B through ReadData
#define INK_PRIME           4            // C's sieve: n is prime
#define INK_COMPOSITE       5
#define INK_BIT             6            // a set bit of A's message, as B read it
#define MAP_NUMBERS         GENESIS_SCREEN_SIZE // C and D show n < 4096 as pixel n

// Draws A_PAGES page blocks across the bottom of the screen, the first
// `pages` of them in ink, the others as empty slots.
void show_pages(uint32_t pages, uint8_t ink);

// Draws n bytes of text as bits at the top of the screen: a byte's 8 bits
// a row of 8 pixels, 8 bytes a line.  A shows its message so, and B what it
// read of it: the two pictures must match.
void show_bits(const char *text, uint32_t n);


// Waits until task letter's state byte has reached state.
void wait_state(char letter, uint8_t state);

#endif

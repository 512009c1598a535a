// What the exam-000 test tasks share: one log line per check, and the two
// data-area services called with every register chosen and seen afterwards.
#ifndef EXAM_H
#define EXAM_H

#include <stdint.h>

#include <genesis.h>

#define DATA                ((volatile uint8_t *)GENESIS_DATA_BASE)
#define DATA_BYTES          (GENESIS_DATA_MAX_PAGES * GENESIS_PAGE_SIZE)

// How the tasks take turns: each waits, through ReadData, for a byte of
// another's area to change.
#define A_FIRST             0x11         // A's bytes 0, 4095 and 8191; the last is
#define A_LAST_OF_PAGE_0    0x22         //   above 0x7F to show ECX is zero-extended
#define A_LAST              0xF3
#define A_STEP              1            // A's byte 1:
#define A_WROTE             1            //   its two pages hold the bytes above
#define A_SHRANK            2            //   it has shrunk to one page
#define B_STEP              0            // B's byte 0:
#define B_READ_TWO          1            //   B has read A's two pages
#define B_READ_ONE          2            //   B has read A's one page: A may exit
#define B_SAW_C             1            // B's byte 1 becomes 1 once B saw C's marker
#define C_MARKER            'C'          // C's byte 0 once C has two pages

// Prints "ok: <what>" or "FAIL: <what>"; a failure is counted.
void check(int ok, const char *what);

// The failures so far: main returns it, so a clean task exits with status 0.
int failures(void);

// SetDataLimit with EAX = pages; the resulting page count.
uint32_t set_limit(uint32_t pages);

// ReadData with the whole of EAX = letter and EBX = offset: EDX, with ECX in
// *byte.  Both start as garbage, so a result the kernel does not write shows.
uint32_t read_byte(uint32_t letter, uint32_t offset, uint32_t *byte);

// Spins until byte offset of task letter's area reads value.
void wait_for(char letter, uint32_t offset, uint8_t value);

// Checks that no call above saw a register change that the service must
// keep, or a malformed ReadData result.
void check_registers(void);

#endif

// B reads A's and C's areas through ReadData while they change, tries every
// kind of bad letter and offset, then works its own area to the limits.
#include <genesis.h>

#include "common/exam.h"

#define CYCLES              1000

// Whether ReadData of letter at offset is valid and gives value.
static int reads(uint32_t letter, uint32_t offset, uint32_t value)
{
    uint32_t byte;

    return read_byte(letter, offset, &byte) == 1 && byte == value;
}

static int invalid(uint32_t letter, uint32_t offset)
{
    uint32_t byte;

    return read_byte(letter, offset, &byte) == 0;
}

static void share_with_a(void)
{
    wait_for('A', A_STEP, A_WROTE);
    check(reads('A', 0, A_FIRST), "B read A's byte 0");
    check(reads('A', 4095, A_LAST_OF_PAGE_0), "B read A's byte 4095");
    check(reads('A', 8191, A_LAST), "B read A's byte 8191, zero-extended");
    check(reads('A', 4096, 0), "B read A's untouched byte 4096 as 0");
    check(invalid('A', 8192), "A's offset 8192 is invalid with 2 pages");
    check(invalid('A', 0xFFFFFFFF), "A's offset 0xFFFFFFFF is invalid");
    DATA[B_STEP] = B_READ_TWO;

    wait_for('A', A_STEP, A_SHRANK);
    check(invalid('A', 4096), "A's offset 4096 is invalid after shrinking to 1 page");
    check(reads('A', 4095, A_LAST_OF_PAGE_0), "A's offset 4095 still reads after shrinking");
}

// A is alive and has an area while these run, so only the letter can make
// them invalid.
static void bad_letters(void)
{
    static const uint32_t letters[] = {
        '@', 'E', 'a', 'd', 0, 0xFF, 0x80 + 'A', 0x100 + 'A', 0xFFFFFF00u + 'A',
    };
    int all = 1;

    for (uint32_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
        all &= invalid(letters[i], 0);
    check(all, "letters '@' 'E' 'a' 'd' 0 0xFF and 'A' with high bits are invalid");
    check(invalid('D', 0), "'D', a task this cartridge lacks, is invalid");
    check(reads('B', B_STEP, B_READ_TWO), "B reads its own area");
}

static void ended_tasks(void)
{
    uint32_t byte;

    DATA[B_STEP] = B_READ_ONE;               // A exits now
    while (read_byte('A', 0, &byte))
        ;
    check(1, "A's area is invalid once A has exited");

    wait_for('C', 0, C_MARKER);
    DATA[B_SAW_C] = 1;                       // C touches a page it gave back
    while (read_byte('C', 0, &byte))
        ;
    check(1, "C's area is invalid once C was killed");
}

static void limits(void)
{
    volatile uint8_t *last = DATA + DATA_BYTES - 1;
    int cycles_ok = 1;

    check(set_limit(0xFFFFFFFF) == 1024, "0xFFFFFFFF pages give 1024");
    check(set_limit(0) == 0, "0 pages give 0");
    check(invalid('B', 0), "an empty area has no byte 0");
    check(set_limit(1025) == 1024, "1025 pages give 1024");
    *last = 0x5A;
    check(reads('B', DATA_BYTES - 1, 0x5A), "the last byte of 1024 pages is writable and reads back");
    check(invalid('B', DATA_BYTES), "offset 4 MiB is invalid");

    // Each round leaves a mark in a different page before giving every page
    // back; the regrown page must come back zeroed.
    for (uint32_t i = 0; i < CYCLES; i++) {
        volatile uint8_t *mark = DATA + (i * 4097) % DATA_BYTES;
        *mark = 0xEE;
        cycles_ok &= set_limit(0) == 0;
        cycles_ok &= set_limit(1024) == 1024;
        cycles_ok &= *mark == 0;
    }
    check(cycles_ok, "1000 cycles of 1024 pages and 0 pages, every regrown page zeroed");
    check(set_limit(0) == 0, "B gave its whole area back");
}

int
main(void)
{
    check(invalid('B', 0), "B's area starts empty");
    check(set_limit(1) == 1, "B grew its area to 1 page");
    share_with_a();
    bad_letters();
    ended_tasks();
    limits();
    check_registers();
    return failures();
}

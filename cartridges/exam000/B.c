// B, the reader: copies A's message out of A's data area a byte at a time,
// then finds how big A's area is from nothing but ReadData's valid flag.
#include <genesis.h>

#include "common/exam000.h"

// The size of letter's area in bytes: the first offset ReadData refuses,
// found by bisection over [0, 4 MiB].
static uint32_t area_size(char letter)
{
    uint32_t valid_below = 0, invalid_at = GENESIS_DATA_MAX_PAGES * GENESIS_PAGE_SIZE;
    int valid;

    while (invalid_at - valid_below > 1) {
        uint32_t middle = valid_below + (invalid_at - valid_below) / 2;
        read_data(letter, middle, &valid);
        if (valid)
            valid_below = middle;
        else
            invalid_at = middle;
    }
    read_data(letter, 0, &valid);
    return valid ? invalid_at : 0;
}

int
main(void)
{
    char text[64];
    uint32_t n = 0;
    int valid;

    set_data_limit(1);
    wait_state('A', A_READY);
    do
        text[n] = read_data('A', A_TEXT + n, &valid);
    while (valid && text[n] && ++n < sizeof text - 1);
    text[n] = 0;
    say("A's area says: \"%s\"", text);
    show_bits(text, n);

    wait_state('A', A_GROWN);
    uint32_t size = area_size('A');
    show_pages(size / GENESIS_PAGE_SIZE, INK_MEASURED);
    say("A's area is %u bytes, %u pages; its last page is marked %u",
        size, size / GENESIS_PAGE_SIZE, read_data('A', size - GENESIS_PAGE_SIZE + 1, &valid));
    AREA[STATE] = B_MEASURED;

    // A leaves once it has seen that; its area goes with it.
    do
        read_data('A', STATE, &valid);
    while (valid);
    say("A has exited: its area reads invalid now");
    return 0;
}

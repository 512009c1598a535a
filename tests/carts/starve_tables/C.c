// Once A and B have opened the reader in every region (their flags, read
// with ReadData), the third task asks for a data page and opens the
// reader in both modes, and says what it got.
#include <format.h>
#include <genesis.h>

#define WAIT_TICKS          3000         // for the flags, at most

static int
flag_raised(char letter)
{
    int valid;
    uint8_t flag = read_data(letter, 0, &valid);

    return valid && flag == 1;
}

int
main(void)
{
    for (uint32_t start = ticks(); !(flag_raised('A') && flag_raised('B'));) {
        if (ticks() - start > WAIT_TICKS) {
            say("A and B never raised their flags");
            return 1;
        }
        yield();
    }
    int pages = set_data_limit(1);
    GENESIS_ACCESS = GENESIS_ACCESS_COPY;
    int copy = opendevice(GENESIS_COPY_MIN);
    GENESIS_ACCESS = GENESIS_ACCESS_DMA;
    int dma = opendevice(0);
    closedevice();
    say("after A and B: set_data_limit(1) -> %d, copy open -> %d, dma open -> %d", pages, copy,
        dma);
    return 0;
}

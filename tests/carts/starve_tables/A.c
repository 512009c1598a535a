// Tasks A and B open the reader in copy mode once at every 4 MiB region a
// copy page may go to (744 of them, 0x06000000 to 0xBFC00000): each region
// needs a page table, which the kernel takes from its own pool.  Then each
// raises the flag at the start of its data area, for task C, and keeps
// what it holds for HOLD_TICKS before it exits.
#include <format.h>
#include <genesis.h>

#define REGION              0x00400000u  // what one page table maps
#define HOLD_TICKS          100

int
main(void)
{
    volatile uint8_t *flag = (volatile uint8_t *)GENESIS_DATA_BASE;
    uint32_t opened = 0, refused = 0;

    if (set_data_limit(1) != 1) {
        say("no data page for the flag");
        return 1;
    }
    GENESIS_ACCESS = GENESIS_ACCESS_COPY;
    for (uint32_t va = GENESIS_COPY_MIN; va <= GENESIS_COPY_MAX; va += REGION) {
        if (opendevice(va) == 0)
            opened++;
        else
            refused++;
    }
    closedevice();
    say("opened a copy page in %u regions, %u refused", opened, refused);
    *flag = 1;
    for (uint32_t start = ticks(); ticks() - start < HOLD_TICKS;)
        yield();
    return 0;
}

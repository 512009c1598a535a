// Once the tune's task has ended, a long note on channel 1, then a fault:
// the kernel kills this task and its note stops.
#include <genesis.h>
#include <format.h>

static const struct genesis_note held[] = { { 1500, 500 } };

int
main(void)
{
    int valid = 0;

    while (!valid)
        read_data('A', 0, &valid);
    while (valid)
        read_data('A', 0, &valid);
    say("held = %d", sound(GENESIS_SOUND_PLAY, 1, held, 1));
    uint32_t start = ticks();
    while (ticks() - start < 20)
        yield();
    print("faulting");
    *(volatile uint32_t *)0 = 1;
    return 0;
}

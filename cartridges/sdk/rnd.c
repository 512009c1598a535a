// Random numbers (gfx.h): xorshift32 (Marsaglia, 2003), small and quick
// enough for games, nothing to keep secrets with.
#include <stdint.h>

#include "gfx.h"

#define ZERO_STATE     0x9E3779B9u   // what a state of 0 becomes: any non-zero value does

static uint32_t task_state;
static int task_seeded;

uint32_t rnd_next(uint32_t *state)
{
    uint32_t x = *state ? *state : ZERO_STATE;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

// The high bits of a 32 x 32-bit product: no division, and i386 has the
// multiplication, so no helper library is needed.
uint32_t rnd_below(uint32_t *state, uint32_t n)
{
    return (uint32_t)((uint64_t)rnd_next(state) * n >> 32);
}

void rnd_seed(uint32_t seed)
{
    task_state = seed;
    task_seeded = 1;
}

uint32_t rnd(uint32_t n)
{
    if (!task_seeded)
        rnd_seed(ticks());
    return rnd_below(&task_state, n);
}

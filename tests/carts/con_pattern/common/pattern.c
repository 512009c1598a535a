// Phases of PHASE_FRAMES frames, counted from the task's first frame; each
// task draws only at the start of a phase that names it, so each phase has
// a known set of changed screens:
//   0  all four draw (the first frame)      3  none
//   1  A alone                              4  D dies (writes the pad page)
//   2  B and C                              5  A changes three rows only
// A logs "pattern: phase <n>" once the phase's drawing is done.  Then every
// task waits for frames, so every label says "waiting".
#include <genesis.h>

#define PHASE_FRAMES 100                 // a second at the clock's 100 frames a second
#define PHASES       6

// Stripes and a block whose place depends on the task and the phase.
static void draw(uint32_t phase)
{
    for (uint32_t i = 0; i < GENESIS_SCREEN_SIZE; i++) {
        uint32_t x = i % GENESIS_SCREEN_WIDTH, y = i / GENESIS_SCREEN_WIDTH;
        uint32_t at = (TASK_LETTER - 'A') * 9 + phase * 5;
        int block = x >= at && x < at + 12 && y >= at && y < at + 12;
        GENESIS_SCREEN[i] = block ? 250 : (uint8_t)((x * (phase + 1) + y * (TASK_LETTER - 'A' + 2)) % 7 * 30 + 20);
    }
}

static int draws_in(uint32_t phase)
{
    char me = TASK_LETTER;

    return phase == 0 || (phase == 1 && me == 'A') || (phase == 2 && (me == 'B' || me == 'C'));
}

int
main(void)
{
    static const char *const said[PHASES] = {
        "pattern: phase 0", "pattern: phase 1", "pattern: phase 2",
        "pattern: phase 3", "pattern: phase 4", "pattern: phase 5",
    };
    uint32_t first = wait_frame();

    for (uint32_t phase = 0; phase < PHASES; phase++) {
        if (draws_in(phase))
            draw(phase);
        if (phase == 4 && TASK_LETTER == 'D')
            *(volatile uint32_t *)GENESIS_PAD_ADDR = 1;
        if (phase == 5 && TASK_LETTER == 'A')
            for (uint32_t x = 0; x < GENESIS_SCREEN_WIDTH; x++)
                GENESIS_SCREEN[7 * GENESIS_SCREEN_WIDTH + x] =
                    GENESIS_SCREEN[30 * GENESIS_SCREEN_WIDTH + x] =
                    GENESIS_SCREEN[63 * GENESIS_SCREEN_WIDTH + x] = (uint8_t)(x * 4);
        if (TASK_LETTER == 'A')
            print(said[phase]);
        while (wait_frame() - first < (phase + 1) * PHASE_FRAMES)
            ;
    }
    for (;;)
        wait_frame();
}

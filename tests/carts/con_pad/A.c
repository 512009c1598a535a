// One square per button, lit while it is held; each stroke is logged as
// "pad: <button> <count>" with the button's press count.
#include <format.h>
#include <genesis.h>

static const char *const names[GENESIS_BUTTONS] = {
    "up", "down", "left", "right", "a", "b", "start", "select",
};

static void log_press(int b, uint32_t count)
{
    say("pad: %s %u", names[b], count);
}

int
main(void)
{
    uint32_t seen[GENESIS_BUTTONS];

    for (int b = 0; b < GENESIS_BUTTONS; b++)
        seen[b] = GENESIS_PAD->presses[b];
    print("pad ready");
    for (;;) {
        wait_frame();
        for (int b = 0; b < GENESIS_BUTTONS; b++) {
            uint32_t count = GENESIS_PAD->presses[b];
            if (count != seen[b])
                log_press(b, count);
            seen[b] = count;
        }
        for (uint32_t i = 0; i < GENESIS_SCREEN_SIZE; i++) {
            uint32_t x = i % GENESIS_SCREEN_WIDTH, y = i / GENESIS_SCREEN_WIDTH;
            int b = y / 32 * 4 + x / 16;
            int inside = x % 16 >= 2 && x % 16 < 14 && y % 32 >= 10 && y % 32 < 22;
            GENESIS_SCREEN[i] = !inside ? 0 : button_held(b) ? 255 : 96;
        }
    }
}

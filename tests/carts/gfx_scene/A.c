// Draws the scene once, says so, and keeps it on the screen; then logs a
// few numbers of the task's own generator, seeded.
#include <format.h>
#include <genesis.h>

#include "common/scene.h"

int
main(void)
{
    struct gfx_art art = gfx_rom();
    int refused = scene_draw(GFX_SCREEN, &art);

    say("scene: %u frames, %u sprites refused", art.count, refused);
    // One at a time: C leaves the order of a call's arguments open.
    rnd_seed(SCENE_SEED);
    uint32_t a = rnd(100), b = rnd(100), c = rnd(100), d = rnd(1000000);
    say("scene: rnd %u %u %u %u", a, b, c, d);
    print("scene drawn");
    for (;;)
        wait_frame();
}

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
    rnd_seed(SCENE_SEED);
    say("scene: rnd %u %u %u %u", rnd(100), rnd(100), rnd(100), rnd(1000000));
    print("scene drawn");
    for (;;)
        wait_frame();
}

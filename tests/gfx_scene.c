// Renders tests/carts/gfx_scene's scene on the host: the cartridge file
// gives the art, the SDK's own sources draw, stdout gets the 64 x 64
// palette indices, row by row (tests/test_gfx.py compares them with the
// screen of the cartridge's task A).  Usage: gfx_scene CART
#include <stdint.h>

// genesis.h has an `exit` of its own (the service): renamed here, so that
// the C library's may follow.
#define exit genesis_exit
#include "../tests/carts/gfx_scene/common/scene.h"
#undef exit

#include <stdio.h>
#include <stdlib.h>

#include "cart.h"

int main(int argc, char **argv)
{
    static uint8_t image[CART_MAX_FILE_SIZE], screen[GFX_W * GFX_H];
    struct cart_info info;
    struct cart_error err;
    FILE *f;

    if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
        fprintf(stderr, "usage: gfx_scene CART (a readable cartridge file)\n");
        return 2;
    }
    size_t size = fread(image, 1, sizeof image, f);
    fclose(f);
    if (cart_parse(image, (uint32_t)size, &info, &err) != CART_OK) {
        fprintf(stderr, "gfx_scene: %s: %s\n", argv[1], err.message);
        return 1;
    }
    struct gfx_art art = { image + info.frames_offset, info.frame_count };
    scene_draw(screen, &art);
    fwrite(screen, 1, sizeof screen, stdout);
    return 0;
}

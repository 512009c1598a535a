// Every routine of gfx.h, on and off the screen.
#include <stdint.h>

#include "scene.h"

int scene_draw(uint8_t *s, const struct gfx_art *art)
{
    static const struct gfx_sprite flag = { 0, 0, 0, 8, 8 }, arrow = { 0, 16, 4, 12, 6 },
                                   corner = { 1, 40, 40, 30, 30 }, missing = { 2, 0, 0, 8, 8 };
    uint32_t state = SCENE_SEED;
    int refused = 0;

    gfx_clear(s, 3);
    refused += gfx_sprite(s, art, &corner, 44, 44, GFX_OPAQUE, 0) < 0;
    gfx_rectfill(s, -10, 40, 30, 8, 20);
    gfx_rect(s, 30, 30, 20, 14, 1);
    gfx_rect(s, 58, -3, 10, 10, 25);
    gfx_line(s, 0, 63, 63, 20, 1);
    gfx_line(s, -500, 10, 500, 70, 28);
    gfx_line(s, 2000000000, -2000000000, -2000000000, 2000000000, 12);
    refused += gfx_sprite(s, art, &flag, 2, 2, 0, 0) < 0;
    refused += gfx_sprite(s, art, &flag, 12, 2, 0, GFX_FLIP_X) < 0;
    refused += gfx_sprite(s, art, &flag, 22, 2, 0, GFX_FLIP_Y) < 0;
    refused += gfx_sprite(s, art, &arrow, 34, 4, 0, GFX_FLIP_X | GFX_FLIP_Y) < 0;
    refused += gfx_sprite(s, art, &arrow, 58, 14, 0, 0) < 0;
    refused += gfx_sprite(s, art, &missing, 0, 0, 0, 0) < 0;
    gfx_text(s, 1, 12, "Hi! gfx\n@ 64x64", 1);
    gfx_text(s, 50, 50, "clip", 30);
    gfx_number(s, 1, 50, -1234, 0, 31);
    gfx_number(s, 1, 57, 42, 5, 2);
    for (int i = 0; i < 24; i++)
        gfx_pixel(s, (int)rnd_below(&state, GFX_W), 26 + (int)rnd_below(&state, 12), 1);
    return refused;
}

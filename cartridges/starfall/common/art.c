// Where Starfall's sprites lie in its art: the rectangles frames.py draws.
#include "starfall.h"

const struct gfx_sprite ship_sprite = { 0, 0, 0, SHIP_W, SHIP_H };
const struct gfx_sprite star_sprite = { 0, 10, 0, STAR_SIZE, STAR_SIZE };
const struct gfx_sprite rock_sprite = { 0, 16, 0, ROCK_SIZE, ROCK_SIZE };
const struct gfx_sprite heart_sprite = { 0, 23, 0, HEART_W, 4 };
const struct gfx_sprite spark_sprite = { 0, 29, 0, 5, 5 };
const struct gfx_sprite sky_sprite = { 1, 0, 0, GFX_W, GFX_H };
const struct gfx_sprite panel_sprite = { 2, 0, 0, GFX_W, GFX_H };

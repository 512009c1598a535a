// The scene tests/test_gfx.py compares: task A draws it on its screen, the
// host renderer (tests/gfx_scene.c) in memory, from the same code.
#ifndef GFX_SCENE_H
#define GFX_SCENE_H

#include <stdint.h>

#include "gfx.h"

#define SCENE_SEED  2026                 // the random dots' state: the same every run

// Draws the scene on s with sprites from art.  Returns how many sprite
// draws art refused (its frames are fewer than the scene asks for).
int scene_draw(uint8_t *s, const struct gfx_art *art);

#endif

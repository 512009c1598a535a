// Orga Génesis SDK: drawing, text and random numbers for game tasks.
//
// Every drawing routine takes the screen it draws on as its first argument:
// a task passes GFX_SCREEN (its own screen, GENESIS_SCREEN_ADDR), or a
// buffer of GENESIS_SCREEN_SIZE bytes of its own to draw a whole frame in
// memory first.  Coordinates are pixels, (0, 0) the top-left corner, and a
// colour is a palette index.  Anything may be drawn anywhere: what falls off
// the 64 x 64 screen is clipped, whatever the coordinates, sizes or
// indices, and nothing outside the buffer is ever written.
//
// The tasks of a cartridge link these routines from libgenesis.a
// (cartridges/cartridges.mk); docs/cartridge.md shows them in a game.
#ifndef GENESIS_GFX_H
#define GENESIS_GFX_H

#include <stdint.h>

#include "genesis.h"

#define GFX_SCREEN     ((uint8_t *)GENESIS_SCREEN_ADDR)
#define GFX_W          GENESIS_SCREEN_WIDTH
#define GFX_H          GENESIS_SCREEN_HEIGHT

// ---- shapes ----------------------------------------------------------------

// Every pixel of screen s becomes colour c.
void gfx_clear(uint8_t *s, uint8_t c);

// Pixel (x, y) becomes c.
void gfx_pixel(uint8_t *s, int x, int y, uint8_t c);

// The colour of pixel (x, y), or -1 when it lies off the screen.
int gfx_get(const uint8_t *s, int x, int y);

// A filled rectangle w x h with its top-left corner at (x, y); nothing when
// w or h is 0 or less.
void gfx_rectfill(uint8_t *s, int x, int y, int w, int h, uint8_t c);

// The one-pixel outline of that rectangle.
void gfx_rect(uint8_t *s, int x, int y, int w, int h, uint8_t c);

// A line from (x0, y0) to (x1, y1), both ends included (Bresenham's).  One
// longer than 4096 pixels is drawn as two halves, again and again, so it
// may bend a pixel or two: any coordinates are fine, and quick.
void gfx_line(uint8_t *s, int x0, int y0, int x1, int y1, uint8_t c);

// ---- sprites ---------------------------------------------------------------

// Where sprites come from: `count` frames of GENESIS_FRAME_SIZE bytes, frame
// n at frames + n * GENESIS_FRAME_SIZE.  gfx_rom() is the cartridge's art.
struct gfx_art {
    const uint8_t *frames;
    uint32_t count;
};

// The ROM window of the inserted cartridge.
static inline struct gfx_art
gfx_rom(void)
{
    return (struct gfx_art){ GENESIS_ROM, GENESIS_ROM_FRAME_COUNT };
}

// A sprite: the rectangle w x h at (x, y) of frame `frame`.
struct gfx_sprite {
    uint32_t frame;
    int x, y, w, h;
};

#define GFX_OPAQUE     (-1)          // a key that no pixel has: every pixel is drawn
#define GFX_FLIP_X     1             // flags: mirrored left to right
#define GFX_FLIP_Y     2             //        upside down

// Draws sprite spr of art with its top-left corner at (x, y): each pixel
// but those of colour `key` (a palette index, or GFX_OPAQUE), mirrored as
// flags say.  The part of the rectangle outside its frame is not drawn.
// Returns 0, or -1 (and draws nothing) when art has no such frame.
int gfx_sprite(uint8_t *s, const struct gfx_art *art, const struct gfx_sprite *spr, int x, int y,
               int key, unsigned flags);

// ---- text ------------------------------------------------------------------

#define GFX_CHAR_W     4             // a character's cell: a 3 x 5 glyph and a gap
#define GFX_CHAR_H     6
#define GFX_NUMBER_MAX 12            // bytes of the longest number, "-2147483648", with the NUL

// Draws text with the built-in font, its first cell's top-left corner at
// (x, y): printable ASCII, lower case shown as upper case, '\n' starting a
// new line under the first; any other byte shows as '?'.
void gfx_text(uint8_t *s, int x, int y, const char *text, uint8_t c);

// How wide text is drawn, in pixels: its longest line's.
int gfx_text_width(const char *text);

// Writes n in decimal at buf, at least `digits` digits (leading zeros; at
// most 10 count), a '-' first when negative, then a NUL.  Returns the
// length; buf holds GFX_NUMBER_MAX bytes.
int gfx_format(char *buf, int32_t n, int digits);

// Draws n as gfx_format writes it.
void gfx_number(uint8_t *s, int x, int y, int32_t n, int digits, uint8_t c);

// ---- random numbers --------------------------------------------------------

// The generator (xorshift32) over a state of the caller's: the next number,
// any 32-bit value.  A state of 0 is first replaced by a fixed non-zero one
// (0 would repeat forever).  The same state always gives the same sequence.
uint32_t rnd_next(uint32_t *state);

// A number in [0, n) from state; 0 when n is 0.
uint32_t rnd_below(uint32_t *state, uint32_t n);

// The task's own generator: rnd(n) is rnd_below of a state seeded from
// ticks() on its first use, unless rnd_seed has seeded it (for a game that
// plays the same every time).
void rnd_seed(uint32_t seed);
uint32_t rnd(uint32_t n);

#endif

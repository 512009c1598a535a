// What Starfall's two tasks share: the art's atlas (frames.py draws it)
// and the board, which task A keeps at the start of its data area and task
// B, the scoreboard, reads with read_data() (the data area is A's own
// memory: B cannot map it, it asks the kernel for each byte).
#ifndef STARFALL_H
#define STARFALL_H

#include <stdint.h>
#include <gfx.h>

// The art (common/art.c): the atlas, frame 0; the sky, frame 1; the
// scoreboard's panel, frame 2.
#define SHIP_W           9
#define SHIP_H           5
#define STAR_SIZE        5
#define ROCK_SIZE        6
#define HEART_W          5
extern const struct gfx_sprite ship_sprite, star_sprite, rock_sprite, heart_sprite,
    spark_sprite, sky_sprite, panel_sprite;
#define TRANSPARENT      0                   // palette index 0: not drawn
#define INK_TEXT         20
#define INK_SCORE        21

enum phase { TITLE, PLAYING, OVER };

// Task A's board, at GENESIS_DATA_BASE.  A task switch can come between
// any two of A's writes and any two of B's reads, so `serial` is odd while
// A changes the board and even once it is done: B keeps a board it read
// only when serial was the same even number before and after.
struct board {
    uint32_t magic;                          // BOARD_MAGIC once A has written it
    uint32_t phase;                          // enum phase
    uint32_t score, best, lives, level;
    uint32_t serial;
};
#define BOARD_MAGIC      0x4C4C4146u         // "FALL"

#endif

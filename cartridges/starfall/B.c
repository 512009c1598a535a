// Starfall's scoreboard: task A plays, and keeps its score, best score,
// lives and level on a board at the start of its data area; this task reads
// that board with read_data() every frame and draws it.  It never writes
// anything of A's: the data area is A's alone, the kernel lends B a byte at
// a time.
#include <stddef.h>

#include <genesis.h>
#include <gfx.h>

#include "common/starfall.h"

// Reads `size` bytes of A's data area from `offset` into out; 0 when A has
// no such bytes (it has not started, or it has ended).
static int read_a(uint32_t offset, void *out, uint32_t size)
{
    uint8_t *bytes = out;
    int valid = 1;

    for (uint32_t i = 0; i < size && valid; i++)
        bytes[i] = read_data('A', offset + i, &valid);
    return valid;
}

// The board as A last finished writing it; 0 when A has none to show.
static int read_board(struct board *b)
{
    uint32_t serial;

    for (;;) {
        if (!read_a(0, b, sizeof(*b)) || b->magic != BOARD_MAGIC)
            return 0;
        if (b->serial % 2 == 0 && read_a(offsetof(struct board, serial), &serial,
                                          sizeof(serial)) && serial == b->serial)
            return 1;
        yield();                             // A is writing: let it finish
    }
}

static void labelled_number(int y, const char *label, uint32_t n, int digits)
{
    gfx_text(GFX_SCREEN, 4, y, label, INK_TEXT);
    gfx_number(GFX_SCREEN, GFX_W - 4 - digits * GFX_CHAR_W, y, (int32_t)n, digits, INK_SCORE);
}

static void draw(const struct gfx_art *art, const struct board *b, uint32_t frame)
{
    gfx_sprite(GFX_SCREEN, art, &panel_sprite, 0, 0, GFX_OPAQUE, 0);
    labelled_number(6, "SCORE", b->score, 5);
    labelled_number(16, "BEST", b->best, 5);
    labelled_number(26, "LEVEL", b->level + 1, 2);
    for (uint32_t i = 0; i < b->lives && i < 8; i++)
        gfx_sprite(GFX_SCREEN, art, &heart_sprite, 4 + (int)i * (HEART_W + 2), 38, TRANSPARENT, 0);
    // The phase's word blinks, half a second on, half off.
    if (b->phase != PLAYING && frame / (GENESIS_FRAME_HZ / 2) % 2 == 0)
        gfx_text(GFX_SCREEN, 4, 50, b->phase == OVER ? "GAME OVER" : "READY", INK_TEXT);
}

int
main(void)
{
    struct gfx_art art = gfx_rom();
    struct board b;
    int reading = 0;

    for (;;) {
        uint32_t frame = wait_frame();
        if (!read_board(&b)) {
            gfx_sprite(GFX_SCREEN, &art, &panel_sprite, 0, 0, GFX_OPAQUE, 0);
            gfx_text(GFX_SCREEN, 4, 28, "NO GAME", INK_TEXT);
            reading = 0;
            continue;
        }
        if (!reading)
            print("scoreboard: reading task A's board");
        reading = 1;
        draw(&art, &b, frame);
    }
}

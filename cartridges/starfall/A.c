// Starfall: catch the falling stars with your ship, dodge the rocks.  Left
// and right steer, Enter (start) starts a game.  A rock that hits the ship
// costs one of three lives; every 100 points the sky falls faster.
//
// Task A plays: it draws the sky from the cartridge's ROM window, keeps the
// score on the board in its data area for the scoreboard (task B), and
// plays the sounds: effects on channel 0, music on channel 3 (docs/sound.md;
// on a PC without sound the game is silent and plays the same).
#include <genesis.h>
#include <gfx.h>
#include <sound.h>

#include "common/starfall.h"

#define FIX              256                 // positions and speeds in 1/256 pixel
#define SHIP_Y           49
#define SHIP_SPEED       (FIX * 3 / 2)       // per frame
#define THINGS           10                  // falling at once, at most
#define FALL_SPEED       (FIX / 3)           // at level 0; per frame
#define FALL_STEP        (FIX / 10)          // faster each level
#define SPAWN_FRAMES     28                  // between two new things at level 0
#define ROCK_ODDS        4                   // one thing in 4 is a rock
#define STAR_POINTS      10
#define LEVEL_POINTS     100
#define LIVES            3
#define SPARK_FRAMES     12                  // a caught star sparkles this long

enum kind { NONE, STAR, ROCK, SPARK };

static struct thing {
    enum kind kind;
    int x, y;                                // FIX
    int timer;                               // frames left, for sparks
} things[THINGS];

static struct {
    int ship_x;                              // FIX
    int spawn_timer;
    uint32_t start_presses;                  // GENESIS_PAD->presses[START] last seen
} game;

static volatile struct board *const board = (volatile struct board *)GENESIS_DATA_BASE;
static struct gfx_art art;

// Plays a tune (sound.h's text form) on channel, dropping what it played.
static void play(uint32_t channel, const char *melody)
{
    int where;

    melody_play(channel, melody, &where);
}

#define SOUND_FX         0
#define SOUND_MUSIC      3
#define TUNE_START       "C5 6 E5 6 G5 6 C6 12"
#define TUNE_CATCH       "A5 2 E6 3"
#define TUNE_HIT         "C3 4 R 1 A2 8"
#define TUNE_LEVEL       "G5 4 C6 4 G6 8"
#define TUNE_OVER        "G4 10 E4 10 C4 10 G3 24"

// The board changes inside odd serials (starfall.h says why).
static void board_begin(void) { board->serial++; }
static void board_end(void) { board->serial++; }

static int start_pressed(void)
{
    uint32_t count = GENESIS_PAD->presses[GENESIS_BUTTON_START];
    int changed = count != game.start_presses;

    game.start_presses = count;
    return changed;
}

static void new_game(void)
{
    for (int i = 0; i < THINGS; i++)
        things[i].kind = NONE;
    game.ship_x = (GFX_W - SHIP_W) / 2 * FIX;
    game.spawn_timer = 0;
    board_begin();
    board->phase = PLAYING;
    board->score = 0;
    board->lives = LIVES;
    board->level = 0;
    board_end();
    play(SOUND_MUSIC, TUNE_START);
}

static void spawn(void)
{
    int every = SPAWN_FRAMES - 2 * (int)board->level;

    if (--game.spawn_timer > 0)
        return;
    game.spawn_timer = every < 8 ? 8 : every;
    for (int i = 0; i < THINGS; i++) {
        if (things[i].kind != NONE)
            continue;
        things[i].kind = rnd(ROCK_ODDS) == 0 ? ROCK : STAR;
        things[i].x = (int)rnd(GFX_W - ROCK_SIZE) * FIX;
        things[i].y = -ROCK_SIZE * FIX;
        return;
    }
}

// Whether thing t, size pixels square, touches the ship.
static int touches_ship(const struct thing *t, int size)
{
    int x = t->x / FIX, y = t->y / FIX, sx = game.ship_x / FIX;

    return x + size > sx + 1 && x < sx + SHIP_W - 1 && y + size > SHIP_Y + 1 && y < SHIP_Y + SHIP_H;
}

static void caught_star(struct thing *t)
{
    t->kind = SPARK;
    t->timer = SPARK_FRAMES;
    board_begin();
    board->score += STAR_POINTS;
    if (board->score > board->best)
        board->best = board->score;
    int levelled = board->score / LEVEL_POINTS != board->level;
    board->level = board->score / LEVEL_POINTS;
    board_end();
    play(SOUND_FX, levelled ? TUNE_LEVEL : TUNE_CATCH);
}

static void hit_by_rock(struct thing *t)
{
    t->kind = NONE;
    board_begin();
    board->lives--;
    if (board->lives == 0)
        board->phase = OVER;
    board_end();
    if (board->phase == OVER) {
        play(SOUND_MUSIC, TUNE_OVER);
        char line[GENESIS_PRINT_MAX] = "game over, score ";
        gfx_format(line + 17, (int32_t)board->score, 1);
        print(line);
    } else {
        play(SOUND_FX, TUNE_HIT);
    }
}

static void step(void)
{
    int speed = FALL_SPEED + (int)board->level * FALL_STEP;

    if (button_held(GENESIS_BUTTON_LEFT))
        game.ship_x -= SHIP_SPEED;
    if (button_held(GENESIS_BUTTON_RIGHT))
        game.ship_x += SHIP_SPEED;
    if (game.ship_x < 0)
        game.ship_x = 0;
    if (game.ship_x > (GFX_W - SHIP_W) * FIX)
        game.ship_x = (GFX_W - SHIP_W) * FIX;
    spawn();
    for (int i = 0; i < THINGS && board->phase == PLAYING; i++) {
        struct thing *t = &things[i];
        if (t->kind == SPARK) {
            if (--t->timer == 0)
                t->kind = NONE;
            continue;
        }
        if (t->kind == NONE)
            continue;
        t->y += speed;
        if (t->kind == STAR && touches_ship(t, STAR_SIZE))
            caught_star(t);
        else if (t->kind == ROCK && touches_ship(t, ROCK_SIZE))
            hit_by_rock(t);
        else if (t->y >= GFX_H * FIX)
            t->kind = NONE;
    }
}

static void centred(int y, const char *text)
{
    gfx_text(GFX_SCREEN, (GFX_W - gfx_text_width(text)) / 2, y, text, INK_TEXT);
}

static void draw(void)
{
    static const struct gfx_sprite *const looks[] = {
        [STAR] = &star_sprite, [ROCK] = &rock_sprite, [SPARK] = &spark_sprite,
    };
    uint8_t *s = GFX_SCREEN;

    gfx_sprite(s, &art, &sky_sprite, 0, 0, GFX_OPAQUE, 0);
    for (int i = 0; i < THINGS; i++) {
        if (things[i].kind != NONE)
            gfx_sprite(s, &art, looks[things[i].kind], things[i].x / FIX, things[i].y / FIX,
                       TRANSPARENT, 0);
    }
    if (board->phase != TITLE)
        gfx_sprite(s, &art, &ship_sprite, game.ship_x / FIX, SHIP_Y, TRANSPARENT, 0);
    if (board->phase == TITLE) {
        centred(20, "STARFALL");
        centred(34, "PRESS\nENTER");
    } else if (board->phase == OVER) {
        centred(20, "GAME OVER");
        centred(34, "ENTER:\nAGAIN");
    }
}

int
main(void)
{
    art = gfx_rom();
    if (set_data_limit(1) < 1) {
        print("starfall: no page for the board");
        return 1;
    }
    board_begin();
    board->phase = TITLE;
    board->magic = BOARD_MAGIC;
    board_end();
    print("starfall: arrows steer, Enter starts");
    for (;;) {
        wait_frame();
        // Presses during play are seen and forgotten, so that one made
        // then does not start the next game at once.
        if (start_pressed() && board->phase != PLAYING)
            new_game();
        if (board->phase == PLAYING)
            step();
        draw();
    }
}

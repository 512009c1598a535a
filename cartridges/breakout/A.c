// Breakout: knock every brick out of the wall with the ball, keeping it in
// play with the paddle.  Left and right steer, Z (A) serves, Enter (start)
// pauses and starts a new game once the last ball is lost.
//
// Every sprite comes from the cartridge's own art (frames.py) in the ROM
// window: frame 0 is the atlas, frame 1 the backdrop.  Once a frame, right
// after the console has composed the last one, the game moves everything
// and draws the playfield on its screen, done long before the next frame.
#include <genesis.h>
#include <gfx.h>

#include "common/sounds.h"

#define W                GENESIS_SCREEN_WIDTH
#define H                GENESIS_SCREEN_HEIGHT
#define FIX              256                 // positions and speeds in 1/256 pixel

// The atlas, frame 0 (frames.py draws it), and the backdrop, frame 1.
static const struct gfx_sprite paddle = { 0, 0, 0, 12, 3 };
static const struct gfx_sprite ball = { 0, 13, 0, 3, 3 };
static const struct gfx_sprite heart = { 0, 17, 0, 5, 4 };
static const struct gfx_sprite backdrop = { 1, 0, 0, W, H };
#define PADDLE_W         12
#define BALL_SIZE        3
#define HEART_W          5
#define BRICK_SY         5                   // brick kind k: 6 x 3 at (7 k, 5)
#define BRICK_W          6
#define BRICK_H          3
#define BRICK_KINDS      6
#define INK_DIGITS       16                  // palette indices of the text
#define INK_LETTERS      19
#define TRANSPARENT      0

// The playfield: walls at x = 0 and 63 and y = 7.
#define FIELD_LEFT       1
#define FIELD_RIGHT      63                  // first column of the right wall
#define FIELD_TOP        8
#define COLUMNS          9                   // bricks (c, r) at (1 + 7 c, 12 + 4 r)
#define ROWS             6
#define WALL_X           1
#define WALL_Y           12
#define PADDLE_Y         58
#define PADDLE_SPEED     (FIX * 4 / 5)       // per frame: 80 pixels a second
#define SERVE_SPEED      (FIX / 2)           // the ball's vertical speed at level 1
#define SPEED_STEP       (FIX / 16)          // faster each level
#define MAX_DX           (FIX * 3 / 5)
#define LIVES            3
#define MESSAGE_FRAMES   150                 // "CLEAR" shows for 1.5 s

enum mode { SERVE, PLAY, PAUSED, CLEARED, OVER };

static struct gfx_art art;

// One wall per level, rows top to bottom, bit c for column c; then they
// repeat, faster.
static const uint16_t levels[][ROWS] = {
    { 0x1FF, 0x1FF, 0x1FF, 0x1FF, 0x1FF, 0x1FF },
    { 0x1FF, 0x155, 0x1FF, 0x0AA, 0x1FF, 0x155 },
    { 0x010, 0x038, 0x07C, 0x0FE, 0x1FF, 0x1FF },
    { 0x1EF, 0x0C6, 0x1FF, 0x183, 0x1FF, 0x145 },
};
#define LEVEL_PATTERNS   (sizeof(levels) / sizeof(levels[0]))

static struct {
    enum mode mode;
    int paddle_x;                            // FIX
    int ball_x, ball_y, ball_dx, ball_dy;    // FIX
    uint8_t brick[ROWS][COLUMNS];            // 1: still there
    int bricks_left;
    int score, lives, level, timer;
    enum mode resume;                        // what a pause goes back to
    uint32_t presses[GENESIS_BUTTONS];       // counts seen last frame
} game;

// Whether button b went down since the last look.
static int pressed(int b)
{
    uint32_t count = GENESIS_PAD->presses[b];
    int changed = count != game.presses[b];

    game.presses[b] = count;
    return changed;
}

static void build_wall(void)
{
    const uint16_t *rows = levels[game.level % LEVEL_PATTERNS];

    game.bricks_left = 0;
    for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < COLUMNS; c++) {
            game.brick[r][c] = rows[r] >> c & 1;
            game.bricks_left += game.brick[r][c];
        }
    }
}

static void ball_on_paddle(void)
{
    game.mode = SERVE;
    game.ball_x = game.paddle_x + (PADDLE_W - BALL_SIZE) / 2 * FIX;
    game.ball_y = (PADDLE_Y - BALL_SIZE) * FIX;
}

static void new_game(void)
{
    game.score = 0;
    game.lives = LIVES;
    game.level = 0;
    game.paddle_x = (W - PADDLE_W) / 2 * FIX;
    build_wall();
    ball_on_paddle();
}

static void serve(void)
{
    game.mode = PLAY;
    game.ball_dy = -(SERVE_SPEED + game.level * SPEED_STEP);
    // Alternate sides, so serves differ.
    game.ball_dx = (game.score / 10 + game.lives) % 2 ? MAX_DX / 2 : -MAX_DX / 2;
}

// The brick under the ball at (x, y) in pixels, cleared and scored; 0 when
// there is none.
static int hit_brick(int x, int y)
{
    for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < COLUMNS; c++) {
            int bx = WALL_X + c * (BRICK_W + 1), by = WALL_Y + r * (BRICK_H + 1);
            if (!game.brick[r][c] || x + BALL_SIZE <= bx || x >= bx + BRICK_W ||
                y + BALL_SIZE <= by || y >= by + BRICK_H)
                continue;
            game.brick[r][c] = 0;
            game.bricks_left--;
            game.score += (ROWS - r) * 10;
            play_brick();
            return 1;
        }
    }
    return 0;
}

static void move_paddle(void)
{
    if (button_held(GENESIS_BUTTON_LEFT))
        game.paddle_x -= PADDLE_SPEED;
    if (button_held(GENESIS_BUTTON_RIGHT))
        game.paddle_x += PADDLE_SPEED;
    if (game.paddle_x < FIELD_LEFT * FIX)
        game.paddle_x = FIELD_LEFT * FIX;
    if (game.paddle_x > (FIELD_RIGHT - PADDLE_W) * FIX)
        game.paddle_x = (FIELD_RIGHT - PADDLE_W) * FIX;
}

// One frame of the ball's flight, one axis at a time: a wall or a brick in
// the way turns that axis back.  Speeds stay below a pixel a frame, so the
// ball cannot pass through anything.
static void move_ball(void)
{
    int old_bottom = game.ball_y / FIX + BALL_SIZE;

    game.ball_x += game.ball_dx;
    if (game.ball_x < FIELD_LEFT * FIX || game.ball_x > (FIELD_RIGHT - BALL_SIZE) * FIX ||
        hit_brick(game.ball_x / FIX, game.ball_y / FIX)) {
        game.ball_x -= game.ball_dx;
        game.ball_dx = -game.ball_dx;
        play_bounce();
    }
    game.ball_y += game.ball_dy;
    if (game.ball_y < FIELD_TOP * FIX || hit_brick(game.ball_x / FIX, game.ball_y / FIX)) {
        game.ball_y -= game.ball_dy;
        game.ball_dy = -game.ball_dy;
        play_bounce();
    }

    // The paddle: where along it the ball lands sets the angle it leaves at.
    int x = game.ball_x / FIX, bottom = game.ball_y / FIX + BALL_SIZE;
    int px = game.paddle_x / FIX;
    if (game.ball_dy > 0 && old_bottom <= PADDLE_Y && bottom > PADDLE_Y &&
        x + BALL_SIZE > px && x < px + PADDLE_W) {
        int offset = 2 * (x - px) + BALL_SIZE - PADDLE_W;   // -13 .. 13
        game.ball_dx = offset * MAX_DX / (PADDLE_W + BALL_SIZE - 2);
        game.ball_dy = -game.ball_dy;
        game.ball_y = (PADDLE_Y - BALL_SIZE) * FIX;
        play_bounce();
    }

    if (game.bricks_left == 0) {
        game.mode = CLEARED;
        game.timer = MESSAGE_FRAMES;
        print("breakout: wall cleared");
    } else if (game.ball_y >= H * FIX) {
        play_lost();
        if (--game.lives > 0) {
            ball_on_paddle();
        } else {
            game.mode = OVER;
            print("breakout: game over");
        }
    }
}

static void pause(void)
{
    game.resume = game.mode;
    game.mode = PAUSED;
}

static void step(void)
{
    int start = pressed(GENESIS_BUTTON_START), a = pressed(GENESIS_BUTTON_A);

    switch (game.mode) {
    case SERVE:
        move_paddle();
        ball_on_paddle();
        if (a || button_held(GENESIS_BUTTON_UP))
            serve();
        else if (start)
            pause();
        break;
    case PLAY:
        move_paddle();
        move_ball();
        if (start && game.mode == PLAY)
            pause();
        break;
    case PAUSED:
        if (start)
            game.mode = game.resume;
        break;
    case CLEARED:
        if (--game.timer == 0) {
            game.level++;
            build_wall();
            ball_on_paddle();
        }
        break;
    case OVER:
        if (start)
            new_game();
        break;
    }
}

// Text across the middle of the screen.
static void centred(const char *text, int y)
{
    gfx_text(GFX_SCREEN, (W - gfx_text_width(text)) / 2, y, text, INK_LETTERS);
}

static void draw(void)
{
    uint8_t *s = GFX_SCREEN;

    gfx_sprite(s, &art, &backdrop, 0, 0, GFX_OPAQUE, 0);
    gfx_number(s, 1, 1, game.score, 5, INK_DIGITS);
    gfx_text(s, 27, 1, "L", INK_LETTERS);
    gfx_number(s, 31, 1, game.level % 100 + 1, 2, INK_DIGITS);
    for (int i = 0; i < game.lives; i++)
        gfx_sprite(s, &art, &heart, W - 1 - (i + 1) * (HEART_W + 1), 1, TRANSPARENT, 0);
    for (int r = 0; r < ROWS; r++) {
        const struct gfx_sprite brick = { 0, r % BRICK_KINDS * (BRICK_W + 1), BRICK_SY,
                                          BRICK_W, BRICK_H };
        for (int c = 0; c < COLUMNS; c++)
            if (game.brick[r][c])
                gfx_sprite(s, &art, &brick, WALL_X + c * (BRICK_W + 1),
                           WALL_Y + r * (BRICK_H + 1), TRANSPARENT, 0);
    }
    gfx_sprite(s, &art, &paddle, game.paddle_x / FIX, PADDLE_Y, TRANSPARENT, 0);
    if (game.mode != OVER)
        gfx_sprite(s, &art, &ball, game.ball_x / FIX, game.ball_y / FIX, TRANSPARENT, 0);
    switch (game.mode) {
    case SERVE:
        // Blinks twice a second.
        if (GENESIS_PAD->frame / (GENESIS_FRAME_HZ / 4) % 2)
            centred("PRESS Z", 42);
        break;
    case PAUSED:
        centred("PAUSE", 42);
        break;
    case CLEARED:
        centred("CLEAR", 42);
        break;
    case OVER:
        centred("GAME OVER", 36);
        centred("PRESS ENTER", 44);
        break;
    case PLAY:
        break;
    }
}

int
main(void)
{
    art = gfx_rom();
    if (art.count < 2) {
        print("breakout: the cartridge lacks its art");
        return 1;
    }
    print("breakout: arrows steer, Z serves, Enter pauses");
    play_tune();
    for (int b = 0; b < GENESIS_BUTTONS; b++)
        game.presses[b] = GENESIS_PAD->presses[b];
    new_game();
    for (;;) {
        wait_frame();
        step();
        draw();
    }
}

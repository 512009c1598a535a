// Breakout: knock every brick out of the wall with the ball, keeping it in
// play with the paddle.  Left and right steer, Z (A) serves, Enter (start)
// pauses and starts a new game once the last ball is lost.
//
// Every sprite comes from the cartridge's own art (frames.py): at start the
// game opens the reader in copy mode until it has seen both frames, the
// atlas and the backdrop.  Then, once a frame, it moves everything, draws
// the playfield in memory and copies it onto its screen right after the
// console has composed the last frame, so no frame shows a half-drawn
// screen.
#include <genesis.h>

#include "common/sounds.h"

#define W                GENESIS_SCREEN_WIDTH
#define H                GENESIS_SCREEN_HEIGHT
#define COPY_ADDR        GENESIS_COPY_MIN    // where the reader's copy page goes at start
#define FIX              256                 // positions and speeds in 1/256 pixel

// The atlas, frame 0 (frames.py draws it).
#define PADDLE_SX        0                   // paddle: 12 x 3 at (0, 0)
#define PADDLE_SY        0
#define PADDLE_W         12
#define PADDLE_H         3
#define BALL_SX          13                  // ball: 3 x 3 at (13, 0)
#define BALL_SY          0
#define BALL_SIZE        3
#define HEART_SX         17                  // a life: 5 x 4 at (17, 0)
#define HEART_SY         0
#define HEART_W          5
#define HEART_H          4
#define BRICK_SY         5                   // brick kind k: 6 x 3 at (7 k, 5)
#define BRICK_W          6
#define BRICK_H          3
#define BRICK_KINDS      6
#define DIGIT_SY         9                   // digit d: 3 x 5 at (4 d, 9)
#define LETTER_SY0       15                  // letter i: 3 x 5 at (4 (i % 16), 15 or 21)
#define LETTER_SY1       21
#define GLYPH_W          3
#define GLYPH_H          5
#define MARK_OFFSET      (63 * W + 63)       // the atlas has MARK there, the backdrop never
#define MARK             20

// The playfield, frame 1 is its backdrop: walls at x = 0 and 63 and y = 7.
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

static uint8_t atlas[GENESIS_SCREEN_SIZE];
static uint8_t backdrop[GENESIS_SCREEN_SIZE];
static uint8_t canvas[GENESIS_SCREEN_SIZE];

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

static void copy(volatile uint8_t *dst, const volatile uint8_t *src, uint32_t n)
{
    while (n--)
        *dst++ = *src++;
}

// Whether button b went down since the last look.
static int pressed(int b)
{
    uint32_t count = GENESIS_PAD->presses[b];
    int changed = count != game.presses[b];

    game.presses[b] = count;
    return changed;
}

// The reader plays the cartridge's frames in a loop: keep copies of the
// two until both have come by.
static int capture_art(void)
{
    const volatile uint8_t *frame = (const volatile uint8_t *)COPY_ADDR;
    int have = 0;

    GENESIS_ACCESS = GENESIS_ACCESS_COPY;
    for (int tries = 0; have != 3 && tries < 16; tries++) {
        if (opendevice(COPY_ADDR) < 0)
            return -1;
        int is_atlas = frame[MARK_OFFSET] == MARK;
        copy(is_atlas ? atlas : backdrop, frame, GENESIS_SCREEN_SIZE);
        have |= is_atlas ? 1 : 2;
    }
    closedevice();
    return have == 3 ? 0 : -1;
}

// Copies a w x h sprite from the atlas to (x, y) of the canvas; index 0 is
// transparent, and whatever falls off the canvas is left out.
static void blit(int sx, int sy, int w, int h, int x, int y)
{
    for (int j = 0; j < h; j++) {
        for (int i = 0; i < w; i++) {
            uint8_t c = atlas[(sy + j) * W + sx + i];
            if (c && x + i >= 0 && x + i < W && y + j >= 0 && y + j < H)
                canvas[(y + j) * W + x + i] = c;
        }
    }
}

static void text(const char *s, int x, int y)
{
    for (; *s; s++, x += GLYPH_W + 1) {
        if (*s >= '0' && *s <= '9')
            blit((*s - '0') * (GLYPH_W + 1), DIGIT_SY, GLYPH_W, GLYPH_H, x, y);
        else if (*s >= 'A' && *s <= 'Z') {
            int i = *s - 'A';
            blit(i % 16 * (GLYPH_W + 1), i < 16 ? LETTER_SY0 : LETTER_SY1, GLYPH_W, GLYPH_H, x, y);
        }
    }
}

static void centred(const char *s, int y)
{
    int n = 0;

    while (s[n])
        n++;
    text(s, (W - n * (GLYPH_W + 1) + 1) / 2, y);
}

// n in decimal, `digits` wide with leading zeros.
static void number(int n, int digits, int x, int y)
{
    char s[11];

    s[digits] = '\0';
    for (int i = digits - 1; i >= 0; i--, n /= 10)
        s[i] = '0' + n % 10;
    text(s, x, y);
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

static void draw(void)
{
    copy(canvas, backdrop, GENESIS_SCREEN_SIZE);
    number(game.score, 5, 1, 1);
    text("L", 27, 1);
    number(game.level % 100 + 1, 2, 31, 1);
    for (int i = 0; i < game.lives; i++)
        blit(HEART_SX, HEART_SY, HEART_W, HEART_H, W - 1 - (i + 1) * (HEART_W + 1), 1);
    for (int r = 0; r < ROWS; r++)
        for (int c = 0; c < COLUMNS; c++)
            if (game.brick[r][c])
                blit(r % BRICK_KINDS * (BRICK_W + 1), BRICK_SY, BRICK_W, BRICK_H,
                     WALL_X + c * (BRICK_W + 1), WALL_Y + r * (BRICK_H + 1));
    blit(PADDLE_SX, PADDLE_SY, PADDLE_W, PADDLE_H, game.paddle_x / FIX, PADDLE_Y);
    if (game.mode != OVER)
        blit(BALL_SX, BALL_SY, BALL_SIZE, BALL_SIZE, game.ball_x / FIX, game.ball_y / FIX);
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
    if (capture_art() < 0) {
        print("breakout: the reader gave no art");
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
        copy(GENESIS_SCREEN, canvas, GENESIS_SCREEN_SIZE);
    }
}

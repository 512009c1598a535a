// Breakout's sounds (sounds.c): effects on channels 0 and 1, which the
// speaker's one voice prefers, the tune on channel 3.
#ifndef BREAKOUT_SOUNDS_H
#define BREAKOUT_SOUNDS_H

void play_tune(void);                    // at start
void play_bounce(void);                  // off a wall or the paddle
void play_brick(void);                   // a brick knocked out: heard over a bounce
void play_lost(void);                    // a ball lost

#endif

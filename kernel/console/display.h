// The display: every task of the inserted cartridge has a 64 x 64 screen of
// its own, and once a clock tick the display task composes them onto the
// framebuffer, with a status bar and the log.  It also swaps cartridges when
// the pad's select button is pressed, and counts the frames that tasks
// pace themselves by.
#ifndef GENESIS_DISPLAY_H
#define GENESIS_DISPLAY_H

#include <stdint.h>

#include "task/task.h"

// The display task, the scheduler's tick task.  BLOCKED: the next clock
// tick runs it, before the next task (sched_tick).  FREE: it has nothing to do (no framebuffer, nobody
// waiting for a frame, no swap asked for) until display_poke.
extern struct task display_task;

// Starts the display task; after fbcon_init and sched_init.  The boot
// sequence makes it the tick task.
void display_init(void);

// Something needs the display at the next tick: a task waits for a frame,
// or select was pressed.
void display_poke(void);

// The wait_frame service: task t, which is running, sleeps until the next
// frame has been composed; returns the frames composed so far.
uint32_t display_wait_frame(struct task *t);

// Logs the frames composed and what composing them cost (end of a run).
void display_report(void);

#endif

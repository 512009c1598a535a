// The scheduler: round-robin over the runnable tasks, one clock tick each,
// by hardware task switching; the idle task when none is runnable.
#ifndef GENESIS_SCHED_H
#define GENESIS_SCHED_H

#include <stdint.h>

#include "task/task.h"

extern struct task *current;             // the running task (the idle task included)

// Makes the idle task and turns the FPU off for everyone (CR0.EM); SSE is
// allowed where EM is clear, which only the display makes it (arch/sse.h).
void sched_init(void);

// Leaves the boot flow for the idle task, which inserts the cartridge and
// runs the tasks.  Never returns.
void sched_start(void) __attribute__((noreturn));

// The clock's choice (clock.asm calls it on every tick): the tick task when
// it waits for the tick, otherwise the next runnable task after the current
// one in round-robin order, else the idle task.  It becomes the current
// task; its TSS selector is returned for the jmp far.
uint16_t sched_tick(void);

// The idle task, for those who show it (the inspector).
const struct task *sched_idle_task(void);

// Turns the counting of CPU time on (nonzero) or off.  It is off from
// boot: counting reads the TSC at every switch.
void sched_count_cpu(int on);

// TSC cycles task t has held the CPU while they were counted, the running
// one's up to now.
uint64_t sched_cpu_tsc(const struct task *t);

// Makes t the tick task: a kernel task that, when it blocks, waits for the
// next clock tick and runs first at it (the game console's display composes
// a frame a tick this way).
void sched_set_tick_task(struct task *t);

// What the idle task does each time round, before it looks for a task to
// run (the game console inserts its cartridge when no task is left, and
// draws the log).  work returns nonzero when it has more to do: with no task
// to run, the idle task then lets pending interrupts in and calls it again
// instead of halting.
void sched_set_idle_work(int (*work)(void));

// From a task's kernel code: gives the CPU to the next runnable task (the
// idle task if none), returning when this task is picked again.  A task that
// sets itself TASK_BLOCKED first sleeps until someone makes it runnable.
void sched_yield(void);

// From an ended task's kernel code: switches to the idle task for good.
void sched_exit(void) __attribute__((noreturn));

#endif

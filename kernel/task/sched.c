// Round-robin scheduling by hardware task switching.  A switch is a jmp far
// to the next task's TSS selector: the CPU saves every register of the
// running task in its TSS and loads the next one's, CR3 included.  The
// clock (clock.asm) switches on every tick; a task's kernel code switches
// when it yields, blocks or ends.  Interrupts are off in all of this.
#include <stdint.h>

#include "arch/gdt.h"
#include "arch/idt.h"
#include "arch/sse.h"
#include "arch/x86.h"
#include "dev/clock.h"
#include "lib/config.h"
#include "lib/kprintf.h"
#include "lib/timeline.h"
#include "task/sched.h"
#include "task/task.h"

struct task *current;

static struct task idle_task;
// Runs first at a tick it waits for; until one is set, a task that never
// waits, so the tick tests one state and no pointer.
static struct task no_tick_task;
static struct task *tick_task = &no_tick_task;
static int (*idle_work)(void);           // the idle task's work before it looks for a task
// The slot of the task picked last: the next round starts after it.
static unsigned cursor = TASK_SLOTS - 1;

// entry.asm: the boot flow never runs again once it leaves for the idle
// task, so the idle task takes over its stack and the guard page below it.
extern char boot_stack_top[];

// CPU time is counted only while someone looks at it (the inspector, a
// few times a second): every tick has two switches, and reading the TSC at
// each would cost the tick a game gets more than a tenth of its length
// with nothing on the screen changed (docs/console.md has the figures).
static int counting;
// The TSC's low half when the running task got the CPU.  A task keeps the
// CPU at most until the next tick, far less than the 2^32 cycles (over a
// second at 4 GHz) after which the low half wraps, so the difference of
// low halves is the whole time, and 32-bit arithmetic keeps the switch short.
static uint32_t switched_at;

static struct task *pick(void)
{
    for (unsigned i = 1; i <= TASK_SLOTS; i++) {
        unsigned slot = (cursor + i) % TASK_SLOTS;
        if (tasks[slot].state == TASK_RUNNABLE) {
            cursor = slot;
            return &tasks[slot];
        }
    }
    return &idle_task;
}

// While CPU time is counted, the task leaving is charged the cycles since
// the last switch (interrupts it took included).
static void charge(void)
{
    uint32_t now = (uint32_t)rdtsc();

    current->cpu_tsc += now - switched_at;
    switched_at = now;
}

// Every switch goes through here.
static uint16_t make_current(struct task *next)
{
    if (counting)
        charge();
    if (config.trace && next != current)
        kprintf("trace: tick=%u switch %s -> %s\n", ticks, current->name, next->name);
    current = next;
    return next->selector;
}

// The timeline's switch event, when the CPU does change hands.
static void record_switch(struct task *next)
{
    if (next != current)
        timeline_event(TL_SWITCH, current->gdt_index, next->gdt_index, ticks);
}

static void switch_to(struct task *next)
{
    if (next == current)
        return;
    if (timeline_on)
        record_switch(next);
    ljmp_tss(make_current(next));
}

uint16_t sched_tick(void)
{
    struct task *next = tick_task;

    if (tick_task->state == TASK_BLOCKED)
        tick_task->state = TASK_RUNNABLE;
    else
        next = pick();
    // One test of the flag for both events: with the timeline off, the
    // tick pays a compare and a branch.
    if (timeline_on) {
        timeline_event(TL_INTERRUPT, current->gdt_index, T_CLOCK, ticks);
        record_switch(next);
    }
    return make_current(next);
}

const struct task *sched_idle_task(void)
{
    return &idle_task;
}

void sched_count_cpu(int on)
{
    if (on && !counting)
        switched_at = (uint32_t)rdtsc();
    counting = on;
}

uint64_t sched_cpu_tsc(const struct task *t)
{
    if (!counting || t != current)
        return t->cpu_tsc;
    return t->cpu_tsc + ((uint32_t)rdtsc() - switched_at);
}

void sched_set_tick_task(struct task *t)
{
    tick_task = t;
}

void sched_set_idle_work(int (*work)(void))
{
    idle_work = work;
}

void sched_yield(void)
{
    switch_to(pick());
}

void sched_exit(void)
{
    switch_to(&idle_task);
    panic("sched: ended task %s ran again", current->name);
}

// The idle task frees ended tasks, does its work (the game console refills
// the slot when the cartridge has no task left, and draws the log), and
// hands the CPU to the next runnable task; with none it halts until an
// interrupt, unless its work wants more time.  It runs with interrupts off
// but for that halt, or one instruction's window.
static void idle(void)
{
    for (;;) {
        task_reap();
        int more = idle_work && idle_work();
        struct task *next = pick();
        if (next != &idle_task) {
            switch_to(next);
        } else if (more) {
            // An interrupt is taken after the instruction that follows sti.
            sti();
            pause();
            cli();
        } else {
            sti();
            hlt();
            cli();
        }
    }
}

void sched_init(void)
{
    task_init_kernel(&idle_task, "idle", GDT_TSS_IDLE, idle, (uint32_t)boot_stack_top);
    // Tasks get no FPU state (the SDK builds them without floating point):
    // with CR0.EM an x87 instruction raises #NM and kills the task; SSE and
    // MMX raise #UD.  The display clears EM only while it copies scan lines
    // with SSE moves (arch/sse.h).
    lcr0(rcr0() | CR0_EM);
    sse_init();
    kprintf("cpu: %s\n", sse_usable ? "SSE moves for the display's scan lines"
                                     : "no SSE, the display copies scan lines 4 bytes a move");
}

void sched_start(void)
{
    current = &idle_task;
    // The boot flow's registers go to the boot TSS, never to be loaded again.
    ljmp_tss(idle_task.selector);
    panic("sched: the boot flow ran again");
}

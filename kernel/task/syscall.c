// The service table and every service, as xv6's sysproc.c: each sys_
// function reads its arguments from the caller's saved registers, reaches
// user memory only through mm/uaccess.h, calls a plain function of the layer
// that does the work, and writes the results back into the saved registers.
// Like arch/trap.c it is a dispatch point and may call any layer.  A service
// runs in the calling task's kernel code with interrupts off (interrupt
// gates), so nothing else runs until it returns, and a clock tick that came
// meanwhile is taken on the way back to ring 3.
#include <stdint.h>

#include "console/display.h"
#include "console/reader.h"
#include "console/sound.h"
#include "dev/clock.h"
#include "lib/config.h"
#include "lib/kprintf.h"
#include "lib/timeline.h"
#include "lib/utf8.h"
#include "mm/uaccess.h"
#include "task/dataarea.h"
#include "task/sched.h"
#include "task/syscall.h"
#include "task/task.h"

typedef void service_fn(struct trapframe *tf);

static void sys_print(struct trapframe *tf)
{
    char text[SYS_PRINT_MAX];

    if (uaccess_string(current->pd, text, tf->eax, sizeof(text)) < 0) {
        tf->eax = (uint32_t)-1;
        return;
    }
    // A task's text must not forge log lines: malformed UTF-8 and control
    // characters (C0, C1, U+2028, U+2029) become '?'.
    utf8_sanitize(text);
    kprintf("task %s: %s\n", current->name, text);
    tf->eax = 0;
}

static void sys_exit(struct trapframe *tf)
{
    char ending[TASK_ENDING_MAX];

    ksnprintf(ending, sizeof(ending), "exited status=%d", (int)tf->eax);
    task_end(current, END_EXITED, ending);
    sched_exit();
}

static void sys_yield(struct trapframe *tf)
{
    sched_yield();
    tf->eax = 0;
}

static void sys_ticks(struct trapframe *tf)
{
    tf->eax = ticks;
}

// The tf holds the caller's saved registers, which the return to ring 3
// restores: ReadData's results go there, not through ECX and EDX used as
// pointers as in the exam's published solution.
static void sys_set_data_limit(struct trapframe *tf)
{
    tf->eax = data_set_limit(current, tf->eax);
}

static void sys_read_data(struct trapframe *tf)
{
    uint8_t byte;

    if (data_read_byte(tf->eax, tf->ebx, &byte)) {
        tf->ecx = byte;
        tf->edx = 1;
    } else {
        tf->ecx = 0;
        tf->edx = 0;
    }
}

// The mode is the access-mode byte in the caller's memory (seed 004).
static void sys_opendevice(struct trapframe *tf)
{
    uint8_t mode;

    if (uaccess_read(current->pd, &mode, USER_ACCESS_BYTE, 1) < 0)
        tf->eax = (uint32_t)-1;
    else
        tf->eax = (uint32_t)reader_open(current, mode, tf->ecx);
}

static void sys_closedevice(struct trapframe *tf)
{
    reader_close(current);
    tf->eax = 0;
}

static void sys_wait_frame(struct trapframe *tf)
{
    tf->eax = display_wait_frame(current);
}

// The notes come into a buffer on this kernel stack only after the
// operation, channel and count have been checked.
static void sys_sound(struct trapframe *tf)
{
    struct sound_note notes[SOUND_NOTES_MAX];
    int n = sound_check(tf->eax, tf->ebx, tf->edx);

    if (n > 0 && uaccess_read(current->pd, notes, tf->ecx, (uint32_t)n * sizeof(notes[0])) < 0)
        n = SOUND_EFAULT;
    if (n >= 0)
        n = sound_request(current, tf->eax, tf->ebx, notes, (uint32_t)n);
    tf->eax = (uint32_t)n;
}

static service_fn *const services[T_SYSCALLS] = {
    [SYS_SET_DATA_LIMIT - T_SYSCALL_FIRST] = sys_set_data_limit,
    [SYS_READ_DATA - T_SYSCALL_FIRST] = sys_read_data,
    [SYS_OPENDEVICE - T_SYSCALL_FIRST] = sys_opendevice,
    [SYS_CLOSEDEVICE - T_SYSCALL_FIRST] = sys_closedevice,
    [SYS_PRINT - T_SYSCALL_FIRST] = sys_print,
    [SYS_EXIT - T_SYSCALL_FIRST]  = sys_exit,
    [SYS_YIELD - T_SYSCALL_FIRST] = sys_yield,
    [SYS_TICKS - T_SYSCALL_FIRST] = sys_ticks,
    [SYS_WAIT_FRAME - T_SYSCALL_FIRST] = sys_wait_frame,
    [SYS_SOUND - T_SYSCALL_FIRST] = sys_sound,
};

// A service with its TL_SERVICE event, stamped when it was called.  Out of
// line, so that the plain path saves no registers for it.  The exit
// service never returns: the task's TL_END event stands for it.
static __attribute__((noinline)) void timed_service(service_fn *fn, struct trapframe *tf)
{
    uint64_t start = rdtsc();

    fn(tf);
    timeline_span(TL_SERVICE, current->gdt_index, tf->vector, start);
}

// vectors.asm: one entry stub per service vector.
extern void (*const syscall_stubs[T_SYSCALLS])(void);

void syscall_init(void)
{
    for (int i = 0; i < T_SYSCALLS; i++)
        if (services[i])
            idt_set_gate(T_SYSCALL_FIRST + i, syscall_stubs[i], 3);
}

void syscall(struct trapframe *tf)
{
    uint32_t n = tf->vector - T_SYSCALL_FIRST;

    // Only vectors with a service have a gate: anything else is a kernel bug.
    if (n >= T_SYSCALLS || !services[n])
        panic("syscall: vector %u has no service", tf->vector);
    if (config.trace)
        kprintf("trace: tick=%u task %s service %u\n", ticks, current->name, tf->vector);
    current->services++;
    if (timeline_on)
        timed_service(services[n], tf);
    else
        services[n](tf);
}

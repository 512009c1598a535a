// The service table and the services of the kernel core.  A service runs in
// the calling task's kernel code with interrupts off (interrupt gates), so
// nothing else runs until it returns, and a clock tick that came meanwhile
// is taken on the way back to ring 3.
#include <stdint.h>

#include "dataarea.h"
#include "display.h"
#include "kernel.h"
#include "kprintf.h"
#include "pit.h"
#include "reader.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "uaccess.h"

typedef void service_fn(struct trapframe *tf);

// A task's text must not forge log lines: control characters become '?'.
static void sanitize(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            *s = '?';
}

static void sys_print(struct trapframe *tf)
{
    char text[SYS_PRINT_MAX];

    if (uaccess_string(current->pd, text, tf->eax, sizeof(text)) < 0) {
        tf->eax = (uint32_t)-1;
        return;
    }
    sanitize(text);
    kprintf("task %s: %s\n", current->name, text);
    tf->eax = 0;
}

static void sys_exit(struct trapframe *tf)
{
    ksnprintf(current->ending, sizeof(current->ending), "exited status=%d", (int)tf->eax);
    kprintf("task %s: %s\n", current->name, current->ending);
    task_end(current);
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

static service_fn *const services[T_SYSCALLS] = {
    [SYS_SET_DATA_LIMIT - T_SYSCALL_FIRST] = sys_set_data_limit,
    [SYS_READ_DATA - T_SYSCALL_FIRST] = sys_read_data,
    [SYS_OPENDEVICE - T_SYSCALL_FIRST] = sys_opendevice,
    [SYS_CLOSEDEVICE - T_SYSCALL_FIRST] = sys_closedevice,
    [SYS_PRINT - T_SYSCALL_FIRST] = sys_print,
    [SYS_EXIT - T_SYSCALL_FIRST]  = sys_exit,
    [SYS_YIELD - T_SYSCALL_FIRST] = sys_yield,
    [SYS_TICKS - T_SYSCALL_FIRST] = sys_ticks,
    [SYS_WAIT_FRAME - T_SYSCALL_FIRST] = display_wait_frame,
};

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
    services[n](tf);
}

// Where the exceptions and the RTC interrupt land in C (the clock and the
// services have paths of their own).  An exception in ring 3 kills the task
// that raised it; one in ring 0 is a kernel bug: register dump and panic.
// A double fault has a task of its own, so even a kernel stack overflow
// gives a dump rather than a triple fault.
#include <stdint.h>

#include "gdt.h"
#include "idt.h"
#include "kbd.h"
#include "kernel.h"
#include "kprintf.h"
#include "pit.h"
#include "rtc.h"
#include "sched.h"
#include "task.h"
#include "trap.h"
#include "x86.h"

#define DFAULT_STACK_SIZE   4096

static const char *const exception_names[T_EXCEPTIONS] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded",
    "invalid opcode", "device not available", "double fault", "coprocessor segment overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection", "page fault",
    "reserved vector 15", "x87 floating point", "alignment check", "machine check",
    "SIMD floating point", "virtualization", "control protection",
    "reserved vector 22", "reserved vector 23", "reserved vector 24", "reserved vector 25",
    "reserved vector 26", "reserved vector 27", "hypervisor injection",
    "VMM communication", "security", "reserved vector 31",
};

static const char *name_of(uint32_t vector)
{
    return vector < T_EXCEPTIONS ? exception_names[vector] : "interrupt";
}

// design.md's line, then the task ends.  CR2 means something for page faults
// only; other faults show 0 there.
static void kill_current(const struct trapframe *tf)
{
    uint32_t cr2 = tf->vector == T_PGFLT ? rcr2() : 0;

    ksnprintf(current->ending, sizeof(current->ending),
              "killed %s vector=%u err=0x%08x eip=0x%08x cr2=0x%08x",
              name_of(tf->vector), tf->vector, tf->error, tf->eip, cr2);
    kprintf("task %s: %s\n", current->name, current->ending);
    task_end(current);
}

// Dumps the frame on the log (serial and screen), then panics.
static void trap_panic(const struct trapframe *tf)
{
    // Read first: a fault while reporting would overwrite it.
    uint32_t cr2 = rcr2();
    const char *name = name_of(tf->vector);
    int ring = tf->cs & 3;
    // Within ring 0 the CPU pushes no ESP: the interrupted stack ends where
    // the frame would have held it.
    uint32_t esp = ring ? tf->esp : (uint32_t)&tf->esp;

    kprintf("trap: vector=%u (%s) ERR=0x%08x\n", tf->vector, name, tf->error);
    kprintf("trap: EIP=0x%08x CS=0x%04x EFLAGS=0x%08x ESP=0x%08x\n",
            tf->eip, tf->cs & 0xFFFF, tf->eflags, esp);
    kprintf("trap: CR2=0x%08x CR3=0x%08x DS=0x%04x ES=0x%04x\n",
            cr2, rcr3(), tf->ds & 0xFFFF, tf->es & 0xFFFF);
    kprintf("trap: EAX=0x%08x EBX=0x%08x ECX=0x%08x EDX=0x%08x\n",
            tf->eax, tf->ebx, tf->ecx, tf->edx);
    kprintf("trap: ESI=0x%08x EDI=0x%08x EBP=0x%08x\n", tf->esi, tf->edi, tf->ebp);
    panic("%s in ring %d vector=%u err=0x%08x eip=0x%08x cr2=0x%08x",
          name, ring, tf->vector, tf->error, tf->eip, cr2);
}

void trap(struct trapframe *tf)
{
    if (tf->vector == T_RTC) {
        if (config.trace)
            kprintf("trace: tick=%u reader interrupt\n", ticks);
        rtc_interrupt();
        return;
    }
    if (tf->vector == T_KBD) {
        kbd_interrupt();
        return;
    }
    if ((tf->cs & 3) == 3)
        kill_current(tf);
    trap_panic(tf);
}

// The double-fault task: its own TSS and stack, reached through a task
// gate, so it starts clean whatever state the faulting code left.
static struct tss dfault_tss __attribute__((aligned(128)));
static uint8_t dfault_stack[DFAULT_STACK_SIZE] __attribute__((aligned(16)));

// Entered by the task switch with the error code (always 0) on its stack.
// The back link names the TSS that holds the faulting registers.
static void double_fault(void)
{
    uint16_t link = dfault_tss.link;
    const struct tss *t = gdt_tss(link >> 3);

    kprintf("trap: vector=8 (double fault) in the task of TSS selector 0x%04x\n", link);
    if (t) {
        kprintf("trap: EIP=0x%08x CS=0x%04x EFLAGS=0x%08x ESP=0x%08x SS=0x%04x\n",
                t->eip, t->cs, t->eflags, t->esp, t->ss);
        kprintf("trap: CR2=0x%08x DS=0x%04x ES=0x%04x\n", rcr2(), t->ds, t->es);
        kprintf("trap: EAX=0x%08x EBX=0x%08x ECX=0x%08x EDX=0x%08x\n",
                t->eax, t->ebx, t->ecx, t->edx);
        kprintf("trap: ESI=0x%08x EDI=0x%08x EBP=0x%08x\n", t->esi, t->edi, t->ebp);
    }
    panic("double fault vector=8 eip=0x%08x esp=0x%08x cr2=0x%08x",
          t ? t->eip : 0, t ? t->esp : 0, rcr2());
}

void trap_init(void)
{
    tss_init_kernel(&dfault_tss, double_fault, (uint32_t)dfault_stack + DFAULT_STACK_SIZE);
    gdt_set_tss(GDT_TSS_DFAULT, &dfault_tss);
    idt_set_task_gate(T_DBLFLT, SEL_TSS(GDT_TSS_DFAULT));
}

// Filling in task-state segments: the starting registers of a task, which
// the CPU loads the first time a jmp far reaches it.
#include <stdint.h>

#include "arch/segment.h"
#include "arch/tss.h"
#include "arch/x86.h"

void tss_init_user(struct tss *tss, uint32_t cr3, uint32_t eip, uint32_t esp, uint32_t esp0)
{
    *tss = (struct tss){ 0 };
    tss->esp0 = esp0;
    tss->ss0 = SEL_KDATA;
    tss->cr3 = cr3;
    tss->eip = eip;
    tss->eflags = FL_IF | FL_1;
    tss->esp = esp;
    tss->cs = SEL_UCODE;
    tss->ss = tss->ds = tss->es = tss->fs = tss->gs = SEL_UDATA;
    tss->iomap = TSS_NO_IOMAP;
}

void tss_init_kernel(struct tss *tss, void (*entry)(void), uint32_t stack_top, uint32_t cr3)
{
    *tss = (struct tss){ 0 };
    tss->cr3 = cr3;
    tss->eip = (uint32_t)entry;
    tss->eflags = FL_1;
    tss->esp = stack_top;
    tss->cs = SEL_KCODE;
    tss->ss = tss->ds = tss->es = tss->fs = tss->gs = SEL_KDATA;
    tss->iomap = TSS_NO_IOMAP;
}

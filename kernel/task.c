// Cartridge tasks: created from the inserted cartridge, ended by the exit
// service or a fault, and reaped by the idle task.
#include <stdint.h>

#include "gdt.h"
#include "kprintf.h"
#include "mmu.h"
#include "palloc.h"
#include "reader.h"
#include "sched.h"
#include "task.h"

struct task tasks[TASK_SLOTS];

static void set_name(struct task *t, const char *name)
{
    int i;

    for (i = 0; i < TASK_NAME_MAX - 1 && name[i]; i++)
        t->name[i] = name[i];
    t->name[i] = '\0';
}

static void set_tss_slot(struct task *t, int gdt_index)
{
    t->gdt_index = gdt_index;
    t->selector = SEL_TSS(gdt_index);
    gdt_set_tss(gdt_index, &t->tss);
}

int task_create(const uint8_t *image, const struct cart_task *ct)
{
    int slot = ct->letter - 'A';
    struct task *t = &tasks[slot];
    const char name[] = { ct->letter, '\0' };

    if (t->state != TASK_FREE)
        panic("task %c: created while slot %d is in use", ct->letter, slot);
    set_name(t, name);
    t->ending[0] = '\0';
    t->kstack = mmu_next_free_kernel_page();
    t->pd = t->kstack ? mmu_init_task_dir(image, ct) : 0;
    if (!t->pd) {
        if (t->kstack)
            palloc_free(t->kstack);
        t->kstack = 0;
        kprintf("task %c: not started: out of memory\n", ct->letter);
        return -1;
    }
    tss_init_user(&t->tss, (uint32_t)t->pd, ct->entry, USER_STACK_TOP, t->kstack + PGSIZE);
    set_tss_slot(t, GDT_TSS_TASK + slot);
    t->state = TASK_RUNNABLE;
    kprintf("task %c: started eip=0x%08x\n", ct->letter, ct->entry);
    return 0;
}

void task_init_kernel(struct task *t, const char *name, int gdt_index, void (*entry)(void),
                      uint32_t stack_top)
{
    set_name(t, name);
    t->pd = kernel_dir;
    tss_init_kernel(&t->tss, entry, stack_top);
    set_tss_slot(t, gdt_index);
    t->state = TASK_RUNNABLE;
}

void task_end(struct task *t)
{
    reader_task_end(t);
    t->state = TASK_ZOMBIE;
    if (t == current)
        sched_exit();
}

void task_reap(void)
{
    for (int i = 0; i < TASK_SLOTS; i++) {
        struct task *t = &tasks[i];
        if (t->state != TASK_ZOMBIE)
            continue;
        gdt_clear(t->gdt_index);
        mmu_free_task_dir(t->pd);
        palloc_free(t->kstack);
        t->pd = 0;
        t->kstack = 0;
        t->data_pages = 0;               // its frames went with the directory
        t->state = TASK_FREE;
    }
}

int task_count(void)
{
    int n = 0;

    for (int i = 0; i < TASK_SLOTS; i++)
        n += tasks[i].state != TASK_FREE;
    return n;
}

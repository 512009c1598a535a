// Cartridge tasks: their address spaces built from a cartridge task (as
// xv6's exec builds one from an ELF file), created, ended by the exit
// service or a fault, and reaped by the idle task.
#include <stdint.h>

#include "arch/gdt.h"
#include "dev/clock.h"
#include "lib/kprintf.h"
#include "lib/kstring.h"
#include "lib/timeline.h"
#include "mm/mmu.h"
#include "mm/palloc.h"
#include "task/task.h"

_Static_assert(USER_CODE_BASE == CART_CODE_BASE && USER_CODE_SIZE == CART_CODE_SIZE,
               "the code window of mm/memlayout.h is the cartridge format's");

struct task tasks[TASK_SLOTS];
static void (*end_hook)(struct task *t);

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
    timeline_name(gdt_index, t->name);
}

pde_t *mmu_init_task_dir(const uint8_t *image, const struct cart_task *t,
                         const struct task_page *extra, uint32_t n)
{
    pde_t *pd = mmu_new_dir();

    if (!pd)
        return 0;
    for (uint32_t off = 0; off < t->mem_size; off += PGSIZE) {
        uint32_t bytes = 0;              // of the image in this page
        if (off < t->file_size)
            bytes = t->file_size - off < PGSIZE ? t->file_size - off : PGSIZE;
        uint32_t attrs = off < t->ro_size ? PTE_U : PTE_U | PTE_W;
        if (mmu_map_new_page(pd, t->vaddr + off, image + t->file_offset + off, bytes, attrs) < 0)
            goto fail;
    }
    for (uint32_t i = 1; i <= USER_STACK_PAGES; i++)
        if (mmu_map_new_page(pd, USER_STACK_TOP - i * PGSIZE, 0, 0, PTE_U | PTE_W) < 0)
            goto fail;
    if (mmu_map_new_page(pd, USER_ACCESS_PAGE, 0, 0, PTE_U | PTE_W) < 0)
        goto fail;
    for (const struct task_page *run = extra; run < extra + n; run++) {
        for (uint32_t k = 0; k < run->pages; k++) {
            uint32_t va = run->va + k * PGSIZE;
            int mapped = run->pa ? mmu_map_page(pd, va, run->pa + k * PGSIZE, run->attrs)
                                 : mmu_map_new_page(pd, va, 0, 0, run->attrs);
            if (mapped < 0)
                goto fail;
        }
    }
    return pd;

fail:
    mmu_free_task_dir(pd);
    return 0;
}

int task_create(const uint8_t *image, const struct cart_task *ct, const struct task_page *extra,
                uint32_t n)
{
    int slot = ct->letter - 'A';
    struct task *t = &tasks[slot];
    const char name[] = { ct->letter, '\0' };

    if (t->state != TASK_FREE)
        panic("task %c: created while slot %d is in use", ct->letter, slot);
    set_name(t, name);
    t->end_cause = END_NONE;
    t->ending[0] = '\0';
    t->cpu_tsc = 0;
    t->services = 0;
    t->code_pages = (ct->mem_size + PGSIZE - 1) / PGSIZE;
    t->kstack = mmu_next_free_kernel_page();
    t->pd = t->kstack ? mmu_init_task_dir(image, ct, extra, n) : 0;
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
    timeline_event(TL_START, t->gdt_index, 0, ct->entry);
    kprintf("task %c: started eip=0x%08x\n", ct->letter, ct->entry);
    return 0;
}

void task_init_kernel(struct task *t, const char *name, int gdt_index, void (*entry)(void),
                      uint32_t stack_top)
{
    set_name(t, name);
    t->pd = kernel_dir;
    tss_init_kernel(&t->tss, entry, stack_top, (uint32_t)kernel_dir);
    set_tss_slot(t, gdt_index);
    t->state = TASK_RUNNABLE;
}

void task_set_end_hook(void (*hook)(struct task *t))
{
    end_hook = hook;
}

void task_end(struct task *t, enum task_end_cause cause, const char *ending)
{
    uint32_t n = strlen(ending);

    if (n >= sizeof(t->ending))
        n = sizeof(t->ending) - 1;
    memcpy(t->ending, ending, n);
    t->ending[n] = '\0';
    t->end_cause = cause;
    timeline_event(TL_END, t->gdt_index, cause, 0);
    kprintf("task %s: %s\n", t->name, t->ending);
    if (end_hook)
        end_hook(t);
    t->state = TASK_ZOMBIE;
}

// What the CPU pushes on the ring-0 stack when ring 3 enters the kernel.
struct ring3_frame {
    uint32_t eip, cs, eflags, esp, ss;
};

void task_user_regs(const struct task *t, struct task_regs *out)
{
    const struct ring3_frame *f = (const struct ring3_frame *)(t->kstack + PGSIZE) - 1;

    if (t->tss.cs & 3)
        *out = (struct task_regs){ t->tss.eip, t->tss.esp };
    else
        *out = (struct task_regs){ f->eip, f->esp };
}

void task_note_fault(struct task *t, uint32_t vector, uint32_t eip, uint32_t cr2)
{
    t->last_fault = (struct task_fault){ vector, eip, cr2, ticks };
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

// Seed 000's data areas (SetDataLimit, ReadData).  Design.md lists the seed's
// bugs this file exists not to repeat.
#include <stdint.h>

#include "dataarea.h"
#include "mmu.h"
#include "palloc.h"
#include "sched.h"
#include "task.h"
#include "uaccess.h"

uint32_t data_clamp_pages(uint32_t pages)
{
    // Clamp first, then compare with the current size: the seed took the
    // difference before clamping and so mapped past the area.
    return pages > DATA_MAX_PAGES ? DATA_MAX_PAGES : pages;
}

int data_offset_valid(uint32_t pages, uint32_t offset)
{
    // pages <= DATA_MAX_PAGES, so the product cannot wrap; strictly less
    // than, where the seed's <= let one byte past the end through.
    return offset < pages * PGSIZE;
}

int data_letter_slot(uint32_t letter)
{
    // Unsigned: letters below 'A' wrap to huge values and fail the test too.
    uint32_t slot = letter - 'A';

    return slot < TASK_SLOTS ? (int)slot : -1;
}

uint32_t data_page_va(uint32_t index)
{
    return DATA_BASE + index * PGSIZE;
}

uint32_t data_resize(pde_t *pd, uint32_t have, uint32_t want)
{
    want = data_clamp_pages(want);
    // The frame goes back to the pool, not the virtual address as in the
    // seed; mmu_unmap_page invalidates the TLB entry in the running
    // directory, so the task faults on its next touch of the page.
    while (have > want)
        palloc_free(mmu_unmap_page(pd, data_page_va(--have)));
    // Page `have` is always the next free index (the seed mapped
    // actual + diff), so running out part-way leaves no hole.
    while (have < want) {
        uint32_t pa = mmu_next_free_task_page();
        if (!pa)
            break;
        if (mmu_map_page(pd, data_page_va(have), pa, PTE_U | PTE_W) < 0) {
            palloc_free(pa);
            break;
        }
        have++;
    }
    return have;
}

int data_read(const pde_t *pd, uint32_t pages, uint32_t offset, uint8_t *byte)
{
    // uaccess walks pd and reads the frame through a kmap slot: the seed
    // loaded the other task's CR3 instead, in the middle of a service.
    return data_offset_valid(pages, offset) && uaccess_read(pd, byte, DATA_BASE + offset, 1) == 0;
}

void sys_set_data_limit(struct trapframe *tf)
{
    current->data_pages = data_resize(current->pd, current->data_pages, tf->eax);
    tf->eax = current->data_pages;
}

// A task that has ended (a zombie not yet reaped, or a free slot) has no
// area to read, whatever its page directory still holds.
static int alive(const struct task *t)
{
    return t->state == TASK_RUNNABLE || t->state == TASK_BLOCKED;
}

void sys_read_data(struct trapframe *tf)
{
    int slot = data_letter_slot(tf->eax);
    const struct task *t = slot < 0 ? 0 : &tasks[slot];
    uint8_t byte;

    // tf holds the caller's saved registers, which the return to ring 3
    // restores: the results go there, not through ECX and EDX used as
    // pointers as in the seed.
    if (t && alive(t) && data_read(t->pd, t->data_pages, tf->ebx, &byte)) {
        tf->ecx = byte;
        tf->edx = 1;
    } else {
        tf->ecx = 0;
        tf->edx = 0;
    }
}

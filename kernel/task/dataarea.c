// Seed 000's data areas (SetDataLimit, ReadData).  docs/exam-000.md lists
// the bugs of the exam's published solution that this file exists not to
// repeat.
#include <stdint.h>

#include "mm/mmu.h"
#include "mm/palloc.h"
#include "mm/uaccess.h"
#include "task/dataarea.h"
#include "task/task.h"

uint32_t data_clamp_pages(uint32_t pages)
{
    // Clamp first, then compare with the current size: the seed took the
    // difference before clamping and so mapped past the area.
    return pages > USER_DATA_MAX_PAGES ? USER_DATA_MAX_PAGES : pages;
}

int data_offset_valid(uint32_t pages, uint32_t offset)
{
    // pages <= USER_DATA_MAX_PAGES, so the product cannot wrap; strictly less
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
    return USER_DATA_BASE + index * PGSIZE;
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
    return data_offset_valid(pages, offset) && uaccess_read(pd, byte, USER_DATA_BASE + offset, 1) == 0;
}

uint32_t data_set_limit(struct task *t, uint32_t pages)
{
    t->data_pages = data_resize(t->pd, t->data_pages, pages);
    return t->data_pages;
}

int data_read_byte(uint32_t letter, uint32_t offset, uint8_t *byte)
{
    int slot = data_letter_slot(letter);
    const struct task *t = slot < 0 ? 0 : &tasks[slot];

    // A task that has ended (a zombie not yet reaped, or a free slot) has
    // no area to read, whatever its page directory still holds.
    return t && task_is_live(t) && data_read(t->pd, t->data_pages, offset, byte);
}

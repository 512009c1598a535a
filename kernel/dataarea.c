// Seed 000's data areas (SetDataLimit, ReadData).  Design.md lists the seed's
// bugs this file exists not to repeat.
#include <stdint.h>

#include "cart.h"
#include "dataarea.h"
#include "mmu.h"

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

    return slot < CART_MAX_TASKS ? (int)slot : -1;
}

uint32_t data_page_va(uint32_t index)
{
    return DATA_BASE + index * PGSIZE;
}

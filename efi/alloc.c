// Page allocations.  Everything the loader hands to the kernel must have a
// 32-bit physical address, so every allocation is below 4 GiB.  The loader
// keeps a list of them: a boot that fails gives them all back before it
// returns to the firmware, and the kernel's final place is checked against
// them when the kernel has to be moved after ExitBootServices.

#include "loader.h"

#define MAX_ALLOCS  (BOOT_MAX_CARTS + 16)

static struct {
    uint64_t addr;
    UINTN pages;
} allocs[MAX_ALLOCS];
static int nallocs;

static EFI_STATUS allocate(EFI_ALLOCATE_TYPE how, EFI_MEMORY_TYPE type,
                           UINTN pages, uint64_t *addr)
{
    EFI_PHYSICAL_ADDRESS a = *addr;
    EFI_STATUS status;

    if (nallocs == MAX_ALLOCS)
        return EFI_OUT_OF_RESOURCES;
    status = BS->AllocatePages(how, type, pages, &a);
    if (EFI_ERROR(status))
        return status;
    allocs[nallocs].addr = a;
    allocs[nallocs].pages = pages;
    nallocs++;
    *addr = a;
    return EFI_SUCCESS;
}

// Anywhere below 4 GiB.
EFI_STATUS alloc_pages(EFI_MEMORY_TYPE type, UINTN pages, uint64_t *addr)
{
    *addr = FOUR_GIB - 1;
    return allocate(AllocateMaxAddress, type, pages, addr);
}

// Exactly at addr.
EFI_STATUS alloc_pages_at(EFI_MEMORY_TYPE type, UINTN pages, uint64_t addr)
{
    return allocate(AllocateAddress, type, pages, &addr);
}

void free_pages(uint64_t addr)
{
    for (int i = 0; i < nallocs; i++) {
        if (allocs[i].addr == addr) {
            BS->FreePages(addr, allocs[i].pages);
            allocs[i] = allocs[--nallocs];
            return;
        }
    }
}

void free_all_pages(void)
{
    while (nallocs > 0) {
        nallocs--;
        BS->FreePages(allocs[nallocs].addr, allocs[nallocs].pages);
    }
}

int overlaps_allocation(uint64_t base, uint64_t end)
{
    for (int i = 0; i < nallocs; i++) {
        uint64_t a = allocs[i].addr;
        if (a < end && base < a + allocs[i].pages * PAGE_SIZE)
            return 1;
    }
    return 0;
}

// Walking a two-level page table (mm/mmu.h): pure arithmetic over the
// tables, which it reaches through mmu_table and makes with
// mmu_next_free_kernel_page, so host tests run it over a fake memory.
#include <stdint.h>

#include "mm/mmu.h"

// Table entries decide access: a directory entry is writable, and user when
// any page under it is.
pte_t *mmu_walk(pde_t *pd, uint32_t va, int create, uint32_t attrs)
{
    pde_t *pde = &pd[PDX(va)];

    if (*pde & PTE_PS)
        return 0;
    if (!(*pde & PTE_P)) {
        uint32_t table;
        if (!create || !(table = mmu_next_free_kernel_page()))
            return 0;
        *pde = table | PTE_P | PTE_W;
    }
    *pde |= attrs & PTE_U;
    return mmu_table(PTE_ADDR(*pde)) + PTX(va);
}

pte_t mmu_clear(pde_t *pd, uint32_t va, uint32_t *table)
{
    pte_t *pte = mmu_walk(pd, va, 0, 0);
    pte_t old = pte ? *pte : 0;

    *table = 0;
    if (!(old & PTE_P))
        return 0;
    *pte = 0;
    // The kernel's tables are shared by every directory: never freed.
    if (PDX(va) < PDX(USER_BASE) || PDX(va) >= KERNEL_PDX)
        return old;
    pte_t *entries = mmu_table(PTE_ADDR(pd[PDX(va)]));
    for (uint32_t ptx = 0; ptx < NPTENTRIES; ptx++)
        if (entries[ptx])
            return old;
    *table = PTE_ADDR(pd[PDX(va)]);
    pd[PDX(va)] = 0;
    return old;
}

uint32_t mmu_lookup(const pde_t *pd, uint32_t va)
{
    pde_t pde = pd[PDX(va)];
    pte_t pte;

    // A 4 MiB page is a kernel window, never a task's page.
    if (!(pde & PTE_P) || (pde & PTE_PS))
        return 0;
    pte = mmu_table(PTE_ADDR(pde))[PTX(va)];
    if (!(pte & PTE_P))
        return 0;
    return pte & (pde | ~(PTE_U | PTE_W));
}

pde_t mmu_large_pde(uint64_t pa, uint32_t attrs)
{
    if (pa % LARGE_PGSIZE || pa >= PSE36_LIMIT)
        return 0;
    return (uint32_t)pa | (uint32_t)(pa >> 32) << PSE36_HIGH_SHIFT | PTE_FLAGS(attrs) | PTE_PS |
           PTE_P;
}

uint64_t mmu_large_pde_addr(pde_t pde)
{
    return (uint64_t)(pde >> PSE36_HIGH_SHIFT & 0xFF) << 32 | (pde & ~(LARGE_PGSIZE - 1));
}

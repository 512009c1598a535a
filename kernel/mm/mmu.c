// Page directories and tables (seed 001), task address spaces, the kernel
// windows above KWIN_BASE, and the kmap slots.  Page tables live in the
// kernel pool, below 4 MiB, where the identity map lets the kernel reach them
// by physical address in any directory; task frames live in the task pool and
// are reached through kmap.
#include <stdint.h>

#include "lib/kprintf.h"
#include "lib/kstring.h"
#include "mm/mmu.h"
#include "mm/palloc.h"
#include "arch/x86.h"

pde_t *kernel_dir;

// entry.asm: the page below the boot stack, left unmapped so an overflow
// faults instead of overwriting the kernel's data.
extern char boot_stack_guard[];

static uint32_t window_next = KWIN_BASE; // where the next kernel window goes
static pte_t *kmap_table;                // the page table of the kmap slots
static uint32_t kmap_busy;               // bit n: slot n in use
static uint64_t reach = 1ull << 32;      // past the highest mappable physical address

uint32_t mmu_next_free_kernel_page(void)
{
    uint32_t pa = palloc_alloc(POOL_KERNEL);

    if (pa)
        memset((void *)pa, 0, PGSIZE);
    return pa;
}

// A task-pool frame holding the n bytes at src, then zeros.  0 when the pool
// is exhausted.
static uint32_t new_task_frame(const void *src, uint32_t n)
{
    uint32_t pa = palloc_alloc(POOL_TASK);
    uint8_t *page;

    if (!pa)
        return 0;
    page = kmap(pa);
    if (n)
        memcpy(page, src, n);
    memset(page + n, 0, PGSIZE - n);
    kunmap(page);
    return pa;
}

uint32_t mmu_next_free_task_page(void)
{
    return new_task_frame(0, 0);
}

pte_t *mmu_table(uint32_t pa)
{
    // Page tables come from the kernel pool, inside the identity map.
    return (pte_t *)pa;
}

static int is_running(const pde_t *pd)
{
    return PTE_ADDR(rcr3()) == (uint32_t)pd;
}

int mmu_map_page(pde_t *pd, uint32_t va, uint32_t pa, uint32_t attrs)
{
    pte_t *pte = mmu_walk(pd, va, 1, attrs);

    if (!pte)
        return -1;
    *pte = PTE_ADDR(pa) | PTE_FLAGS(attrs) | PTE_P;
    if (is_running(pd))
        invlpg(va);
    return 0;
}

uint32_t mmu_unmap_page(pde_t *pd, uint32_t va)
{
    uint32_t table;
    pte_t pte = mmu_clear(pd, va, &table);

    if (!(pte & PTE_P))
        return 0;
    // invlpg also drops what the paging-structure caches hold for va, the
    // cleared directory entry included; another directory gets a fresh
    // TLB from the CR3 load of its next switch.
    if (is_running(pd))
        invlpg(va);
    if (table)
        palloc_free(table);
    return PTE_ADDR(pte);
}

int mmu_map_new_page(pde_t *pd, uint32_t va, const void *src, uint32_t n, uint32_t attrs)
{
    uint32_t pa = new_task_frame(src, n);

    if (!pa)
        return -1;
    if (mmu_map_page(pd, va, pa, attrs) < 0) {
        palloc_free(pa);
        return -1;
    }
    return 0;
}

pde_t *mmu_new_dir(void)
{
    pde_t *pd = (pde_t *)mmu_next_free_kernel_page();

    if (!pd)
        return 0;
    // The kernel's tables are shared, not copied: they never change after
    // boot, and a kmap made in one directory is then seen in all of them.
    pd[0] = kernel_dir[0];
    for (uint32_t pdx = KERNEL_PDX; pdx < NPDENTRIES; pdx++)
        pd[pdx] = kernel_dir[pdx];
    return pd;
}

void mmu_free_task_dir(pde_t *pd)
{
    if (is_running(pd))
        panic("mmu: freeing the running page directory 0x%08x", (uint32_t)pd);
    for (uint32_t pdx = PDX(USER_BASE); pdx < KERNEL_PDX; pdx++) {
        if (!(pd[pdx] & PTE_P))
            continue;
        pte_t *table = (pte_t *)PTE_ADDR(pd[pdx]);
        for (uint32_t ptx = 0; ptx < NPTENTRIES; ptx++)
            if ((table[ptx] & (PTE_P | PTE_SHARED)) == PTE_P)
                palloc_free(PTE_ADDR(table[ptx]));
        palloc_free((uint32_t)table);
    }
    palloc_free((uint32_t)pd);
}

// PSE-36 lets 4 MiB pages reach past 4 GiB, up to the CPU's physical
// address width (at most 40 bits: PSE-36 has eight more bits).
static void enable_large_pages(void)
{
    uint32_t eax, ebx, ecx, edx, max;

    cpuid(1, &eax, &ebx, &ecx, &edx);
    if (!(edx & CPUID_EDX_PSE) || !(edx & CPUID_EDX_PSE36)) {
        kprintf("mmu: no PSE-36, nothing above 4 GiB can be mapped\n");
        return;
    }
    lcr4(rcr4() | CR4_PSE);
    cpuid(0x80000000, &max, &ebx, &ecx, &edx);
    uint32_t bits = 36;                  // the width PSE-36 promises at least
    if (max >= CPUID_EXT_ADDRESS) {
        cpuid(CPUID_EXT_ADDRESS, &eax, &ebx, &ecx, &edx);
        bits = eax & 0xFF;
    }
    if (bits > 40)
        bits = 40;
    reach = 1ull << bits;
    kprintf("mmu: PSE-36 4 MiB pages reach %u bits of physical address\n", bits);
}

void mmu_init_kernel_dir(void)
{
    kernel_dir = (pde_t *)mmu_next_free_kernel_page();
    if (!kernel_dir)
        panic("mmu: no kernel page for the page directory");
    // Page 0 stays unmapped so that null pointers fault.
    for (uint32_t pa = PGSIZE; pa < KERNEL_IDENTITY_END; pa += PGSIZE)
        if (pa != (uint32_t)boot_stack_guard && mmu_map_page(kernel_dir, pa, pa, PTE_W) < 0)
            panic("mmu: no kernel page for the identity map");
}

void mmu_init(void)
{
    mmu_init_kernel_dir();
    kmap_table = mmu_walk(kernel_dir, KMAP_BASE, 1, 0);
    if (!kmap_table)
        panic("mmu: no kernel page for the kmap table");
    enable_large_pages();
    lcr3((uint32_t)kernel_dir);
    // Firmware may leave the caches off (CR0.CD); the kernel wants them on.
    lcr0((rcr0() | CR0_PG | CR0_WP) & ~(CR0_CD | CR0_NW));
}

// 4 KiB pages from the next free window on.
static void *map_small(uint32_t pa, uint32_t size, uint32_t attrs)
{
    uint32_t offset = pa & (PGSIZE - 1);
    uint64_t pages = ((uint64_t)offset + size + PGSIZE - 1) >> PGSHIFT;
    uint32_t va = window_next;

    // The window, then one unmapped page, must fit below the kmap table.
    if ((uint64_t)pa + size > 1ull << 32 || pages >= (KMAP_BASE - va) >> PGSHIFT)
        return 0;
    for (uint32_t i = 0; i < pages; i++)
        if (mmu_map_page(kernel_dir, va + i * PGSIZE, PGROUNDDOWN(pa) + i * PGSIZE, attrs) < 0)
            panic("mmu: no kernel page for a window's page table");
    window_next += (pages + 1) << PGSHIFT;
    return (void *)(va + offset);
}

// PSE-36 4 MiB pages from the next 4 MiB boundary on: a directory entry of
// its own, so no page table is needed, and none can be in the way.
static void *map_large(uint64_t pa, uint32_t size, uint32_t attrs)
{
    uint64_t first = pa & ~(uint64_t)(LARGE_PGSIZE - 1);
    uint32_t offset = (uint32_t)(pa - first);
    uint64_t pages = ((uint64_t)offset + size + LARGE_PGSIZE - 1) / LARGE_PGSIZE;
    uint32_t va = (window_next + LARGE_PGSIZE - 1) & ~(LARGE_PGSIZE - 1);

    if (pa + size > reach || va < window_next || pages >= (KMAP_BASE - va) / LARGE_PGSIZE)
        return 0;
    for (uint32_t i = 0; i < pages; i++)
        kernel_dir[PDX(va) + i] = mmu_large_pde(first + (uint64_t)i * LARGE_PGSIZE, attrs);
    window_next = va + pages * LARGE_PGSIZE + PGSIZE;
    return (void *)(va + offset);
}

void *mmu_map_window(uint64_t pa, uint32_t size, uint32_t attrs)
{
    if (size == 0)
        return 0;
    return pa + size <= 1ull << 32 ? map_small((uint32_t)pa, size, attrs)
                                   : map_large(pa, size, attrs);
}

void *mmu_window_reserve(uint32_t size)
{
    uint32_t pages = PGROUNDUP(size) >> PGSHIFT;
    uint32_t va = window_next;

    if (size == 0 || pages >= (KMAP_BASE - va) >> PGSHIFT)
        return 0;
    // Its page tables now, while directories still take the kernel's
    // entries by copy: pointing the window later changes table entries only.
    for (uint32_t i = 0; i < pages; i++)
        if (!mmu_walk(kernel_dir, va + i * PGSIZE, 1, 0))
            panic("mmu: no kernel page for a window's page table");
    window_next += (pages + 1) << PGSHIFT;
    return (void *)va;
}

void *mmu_window_point(void *window, uint32_t size, uint64_t pa, uint32_t len, uint32_t attrs)
{
    uint32_t offset = pa & (PGSIZE - 1), va = (uint32_t)window;
    uint64_t need = ((uint64_t)offset + len + PGSIZE - 1) >> PGSHIFT;

    if (len == 0 || pa + len > 1ull << 32 || need > PGROUNDUP(size) >> PGSHIFT)
        return 0;
    for (uint32_t i = 0; i < PGROUNDUP(size) >> PGSHIFT; i++) {
        pte_t *pte = mmu_walk(kernel_dir, va + i * PGSIZE, 0, 0);
        *pte = i < need ? (PGROUNDDOWN(pa) + i * PGSIZE) | PTE_FLAGS(attrs) | PTE_P : 0;
        invlpg(va + i * PGSIZE);
    }
    return (void *)(va + offset);
}

uint64_t mmu_reach(void)
{
    return reach;
}

void *kmap(uint32_t pa)
{
    for (int slot = 0; slot < KMAP_SLOTS; slot++) {
        if (kmap_busy & (1u << slot))
            continue;
        kmap_busy |= 1u << slot;
        // A free slot's entry is not present, so no TLB holds it: no invlpg.
        kmap_table[slot] = PTE_ADDR(pa) | PTE_P | PTE_W;
        return (void *)(KMAP_BASE + slot * PGSIZE);
    }
    panic("kmap: all %d slots in use", KMAP_SLOTS);
}

void kunmap(void *va)
{
    uint32_t slot = ((uint32_t)va - KMAP_BASE) >> PGSHIFT;

    if ((uint32_t)va < KMAP_BASE || slot >= KMAP_SLOTS || !(kmap_busy & (1u << slot)))
        panic("kunmap: 0x%08x is not a kmap slot in use", (uint32_t)va);
    kmap_table[slot] = 0;
    // The table is in every directory; a CR3 load flushes the others, so
    // only the running one can hold the entry.
    invlpg((uint32_t)va);
    kmap_busy &= ~(1u << slot);
}

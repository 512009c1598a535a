// Paging: the page-table arithmetic (also used by host tests) and the MMU
// functions of seed 001.  mm/memlayout.h has the address map.
#ifndef GENESIS_MMU_H
#define GENESIS_MMU_H

#include <stdint.h>

#include "mm/memlayout.h"

#define PGSIZE              4096
#define PGSHIFT             12           // log2(PGSIZE)
#define PDXSHIFT            22           // a directory entry covers 4 MiB
#define NPDENTRIES          1024         // entries per page directory
#define NPTENTRIES          1024         // entries per page table

#define PDX(va)             (((uint32_t)(va) >> PDXSHIFT) & 0x3FF) // directory index
#define PTX(va)             (((uint32_t)(va) >> PGSHIFT) & 0x3FF)  // table index
#define PGADDR(pdx, ptx)    ((uint32_t)(pdx) << PDXSHIFT | (uint32_t)(ptx) << PGSHIFT)
#define PGROUNDDOWN(a)      ((uint32_t)(a) & ~(uint32_t)(PGSIZE - 1))
#define PGROUNDUP(a)        PGROUNDDOWN((uint32_t)(a) + PGSIZE - 1)
#define PTE_ADDR(e)         ((uint32_t)(e) & ~0xFFFu) // frame of a PDE or PTE
#define PTE_FLAGS(e)        ((uint32_t)(e) & 0xFFFu)

// Directory and table entry bits.
#define PTE_P               0x001        // present
#define PTE_W               0x002        // writable
#define PTE_U               0x004        // user (ring 3) may access
#define PTE_PWT             0x008        // write-through
#define PTE_PCD             0x010        // cache disabled: device registers
#define PTE_A               0x020        // accessed (set by the CPU)
#define PTE_D               0x040        // dirty (set by the CPU)
#define PTE_PS              0x080        // directory entry: a 4 MiB page, not a table
#define PTE_SHARED          0x200        // software bit: the frame is not the task's own
                                         // (e.g. the video buffer), so freeing the task keeps it

#define KERNEL_PDX          PDX(KWIN_BASE) // directory entries >= this are the kernel's

// PSE-36: a 4 MiB page's directory entry holds physical bits 32-39 in its
// bits 13-20, so two-level 32-bit paging reaches 1 TiB of physical space.
#define LARGE_PGSIZE        0x00400000   // 4 MiB
#define PSE36_HIGH_SHIFT    13           // where physical bit 32 goes in the entry
#define PSE36_LIMIT         (1ull << 40) // first physical address past its reach

typedef uint32_t pde_t;
typedef uint32_t pte_t;

extern pde_t *kernel_dir;                // the boot flow's page directory

// A zeroed page from the kernel pool (identity-mapped, so its physical
// address is also a pointer to it), or 0 when the pool is exhausted.
uint32_t mmu_next_free_kernel_page(void);

// A zeroed page from the task pool (beyond the identity map: reach it with
// kmap), or 0 when the pool is exhausted.
uint32_t mmu_next_free_task_page(void);

// Seed 001: the kernel page directory with the 0-4 MiB identity map.
void mmu_init_kernel_dir(void);

// mmu_init_kernel_dir, the kmap page table, then paging on with CR0.WP.
void mmu_init(void);

// Maps va to the frame pa in pd with attrs (PTE_W, PTE_U, PTE_PCD ...),
// creating a zeroed page table when the directory entry is absent.  0, or -1
// when no kernel page is left for the table.
int mmu_map_page(pde_t *pd, uint32_t va, uint32_t pa, uint32_t attrs);

// Unmaps va in pd and returns the frame it mapped; 0 (and no change) when
// nothing was mapped there.  Freeing the frame is the caller's business; a
// user page table left empty is freed here, so that a task holds a table
// only for the 4 MiB regions it has pages in (docs/kernel.md, fault
// isolation).
uint32_t mmu_unmap_page(pde_t *pd, uint32_t va);

// The table entry for va in pd (present or not), or 0 when its page table
// is missing.  With create, a missing table is made (a zeroed kernel page;
// 0 when none is left), and the directory entry becomes user accessible
// when attrs has PTE_U.
pte_t *mmu_walk(pde_t *pd, uint32_t va, int create, uint32_t attrs);

// The page walk of mmu_unmap_page: clears the present entry that maps va
// in pd and returns it (0, and no change, when there is none).  When that
// leaves a page table of the user part with no entry at all, its directory
// entry is cleared too and *table gets its frame, for the caller to free
// once the TLB has forgotten it; else *table is 0.
pte_t mmu_clear(pde_t *pd, uint32_t va, uint32_t *table);

// The directory entry of a 4 MiB page at pa with attrs (PTE_PS and PTE_P
// added), or 0 when pa is not 4 MiB aligned or lies past PSE36_LIMIT.
pde_t mmu_large_pde(uint64_t pa, uint32_t attrs);

// The physical address a 4 MiB page's directory entry maps.
uint64_t mmu_large_pde_addr(pde_t pde);

// The page table at physical address pa, as the kernel reaches it.
pte_t *mmu_table(uint32_t pa);

// The table entry that maps va in pd, with PTE_U and PTE_W kept only where
// the directory entry grants them too (what the CPU enforces); 0 when va is
// not mapped by a 4 KiB page.
uint32_t mmu_lookup(const pde_t *pd, uint32_t va);

// Clears the Dirty bit of the table entry *pte and returns it as it was: 1
// when a write through the entry reached the page since the last clearing.
// The CPU sets D only on a write that finds it clear in the entry (a TLB
// entry caching D set lets later writes by without touching it), so the
// caller makes sure no TLB holds the entry across the clearing: with an
// invlpg in the address space that uses it, or by knowing that space's TLB
// is flushed before it runs again.  A plain read-modify-write suffices on a
// single CPU while the entry's address space is not running.
static inline int mmu_take_dirty(pte_t *pte)
{
    pte_t e = *pte;

    if (!(e & PTE_D))
        return 0;
    *pte = e & ~PTE_D;
    return 1;
}

// A new page directory: the kernel's entries (shared, supervisor only), no
// user page.  0 when the kernel pool is exhausted.
pde_t *mmu_new_dir(void);

// Maps at va, with attrs, a new task-pool frame holding the n bytes at src
// (n <= PGSIZE), then zeros.  0, or -1 with nothing left allocated when
// memory runs out.
int mmu_map_new_page(pde_t *pd, uint32_t va, const void *src, uint32_t n, uint32_t attrs);

// Frees a task's directory: every frame its user part maps (PTE_SHARED ones
// excepted), its page tables, the directory itself.  Never the running one.
void mmu_free_task_dir(pde_t *pd);

// Maps [pa, pa + size) into the next free kernel window with attrs, during
// boot only (before any other directory copies the kernel entries): with
// 4 KiB pages below 4 GiB, with PSE-36 4 MiB pages above (device registers
// and framebuffers of modern PCs live there).  The kernel address of pa, or
// 0 when it does not fit, or lies above 4 GiB on a CPU without PSE-36 or
// past its physical address width.
void *mmu_map_window(uint64_t pa, uint32_t size, uint32_t attrs);

// A kernel window of size bytes that mmu_window_point aims at physical
// memory again and again (the ACPI tables are read one at a time through
// it).  Boot only, like mmu_map_window; 0 when there is no room.
void *mmu_window_reserve(uint32_t size);

// Maps [pa, pa + len) at the start of a reserved window with attrs, and
// nothing after it; the kernel address of pa, or 0 when it does not fit or
// lies above 4 GiB.
void *mmu_window_point(void *window, uint32_t size, uint64_t pa, uint32_t len, uint32_t attrs);

// The highest physical address the kernel can map, plus one: 4 GiB, or up
// to 1 TiB with PSE-36 (after mmu_init).
uint64_t mmu_reach(void);

// A short-lived writable kernel mapping of the frame pa, valid in every
// directory; kunmap releases it.  Running out of slots is a kernel bug: panic.
void *kmap(uint32_t pa);
void kunmap(void *va);

#endif

// Paging: the page-table arithmetic (also used by host tests), the kernel's
// virtual layout, and the MMU functions of seed 001.
#ifndef GENESIS_MMU_H
#define GENESIS_MMU_H

#include <stdint.h>

#include "cart.h"

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
#define PTE_SHARED          0x200        // software bit: the frame is not the task's own
                                         // (e.g. the video buffer), so freeing the task keeps it

// Virtual layout shared by every page directory (supervisor only):
// [0, KERNEL_IDENTITY_END) is identity-mapped (page 0 and the boot stack's
// guard page left out); [KWIN_BASE, KMAP_BASE) holds the windows mapped at
// boot (framebuffer, cartridges, video buffer, LAPIC, IOAPIC), one unmapped
// page between each; the table at KMAP_BASE holds the kmap slots.
#define KERNEL_IDENTITY_END 0x00400000   // 0-4 MiB
#define KWIN_BASE           0xC0000000   // first kernel window
#define KMAP_BASE           0xFFC00000   // the last 4 MiB: kmap slots
#define KMAP_SLOTS          16           // temporary mappings at once
#define KERNEL_PDX          PDX(KWIN_BASE) // directory entries >= this are the kernel's

// A task's user space lies between the kernel's two parts (design.md has the
// map; cartridges/sdk/genesis.h gives tasks the same numbers).
#define USER_BASE           KERNEL_IDENTITY_END // lowest user address
#define USER_END            KWIN_BASE    // first address past user space
#define USER_ACCESS_PAGE    0x00ACC000   // holds the access-mode byte at 0x00ACCE50
#define USER_STACK_TOP      0x05C00000   // ESP at a task's entry
#define USER_STACK_PAGES    4            // 16 KB, with an unmapped guard page below
#define USER_SCREEN_PAGE    0x05C00000   // the task's screen (display.c), user writable
#define USER_PAD_PAGE       0x05C01000   // the pad page (kbd.c), user read-only, shared

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
// nothing was mapped there.  Freeing the frame is the caller's business.
uint32_t mmu_unmap_page(pde_t *pd, uint32_t va);

// The table entry that maps va in pd, with PTE_U and PTE_W kept only where
// the directory entry grants them too (what the CPU enforces); 0 when va is
// not mapped.
uint32_t mmu_lookup(const pde_t *pd, uint32_t va);

// Seed 001: a new page directory for task t of the cartridge image: the
// kernel's entries (supervisor only), t's pages copied from image through a
// kmap slot (text user read-only, data and .bss user writable, the .bss
// zeroed), USER_STACK_PAGES of stack below USER_STACK_TOP with the page under
// them unmapped, the access page zeroed, the screen page zeroed, the pad
// page (shared, read-only), the data area empty.  0 when memory runs out,
// with nothing left allocated.
pde_t *mmu_init_task_dir(const uint8_t *image, const struct cart_task *t);

// Frees a task's directory: every frame its user part maps (PTE_SHARED ones
// excepted), its page tables, the directory itself.  Never the running one.
void mmu_free_task_dir(pde_t *pd);

// Maps [pa, pa + size) into the next free kernel window with attrs, during
// boot only (before any other directory copies the kernel entries).  The
// kernel address of pa, or 0 when it does not fit.
void *mmu_map_window(uint32_t pa, uint32_t size, uint32_t attrs);

// A short-lived writable kernel mapping of the frame pa, valid in every
// directory; kunmap releases it.  Running out of slots is a kernel bug: panic.
void *kmap(uint32_t pa);
void kunmap(void *va);

#endif

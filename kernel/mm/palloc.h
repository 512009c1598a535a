// The physical page allocator: every 4 KiB page of RAM below 4 GiB that the
// firmware gives as usable, in two pools.  Pure bookkeeping (two bitmaps): it
// never touches the pages themselves, so host tests run it as is.
#ifndef GENESIS_PALLOC_H
#define GENESIS_PALLOC_H

#include <stdint.h>

#include "abi/bootinfo.h"

#define POOL_KERNEL         0            // below KERNEL_POOL_END: identity-mapped, for page
                                         // tables, TSSs, ring-0 stacks
#define POOL_TASK           1            // KERNEL_POOL_END and up: reached through kmap only
#define POOLS               2
#define KERNEL_POOL_END     0x00400000   // the end of the kernel's identity map

// Hands the pages of ranges to the pools, except page 0 and the pages of
// [reserved_start, reserved_end) (the kernel image).  Starts afresh each call.
// Returns how many distinct usable pages the ranges hold below 4 GiB.
uint32_t palloc_init(const struct boot_memrange *ranges, uint32_t count,
                     uint32_t reserved_start, uint32_t reserved_end);

// The physical address of a free page of pool, now allocated; 0 when the
// pool is exhausted.  Lowest addresses first.
uint32_t palloc_alloc(int pool);

// Returns an allocated page to its pool.  Freeing a page twice, or one the
// allocator never handed out, is a kernel bug: it panics.
void palloc_free(uint32_t pa);

uint32_t palloc_free_pages(int pool);

// Logs "<before>kernel pool <n> free pages, task pool <n> free pages": the
// figures the tests compare to find a leak.
void palloc_log_free(const char *before);

// Keeps the lowest `pages` free pages of pool and takes the others out of
// it for good, so that tests can run the pool dry on purpose.
void palloc_cap(int pool, uint32_t pages);

#endif

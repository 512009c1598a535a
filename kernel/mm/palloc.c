// Two bitmaps over the 2^20 pages below 4 GiB: "free" (in a pool, available)
// and "allocated" (handed out).  A page in neither is not RAM the firmware
// gave us, so freeing it is as much a bug as freeing a page twice.
#include <stdint.h>

#include "lib/kprintf.h"
#include "lib/kstring.h"
#include "mm/palloc.h"

#define PAGE_SHIFT          12
#define PAGES               (1u << 20)   // 4 KiB pages below 4 GiB
#define MEMORY_END          ((uint64_t)PAGES << PAGE_SHIFT) // 4 GiB
#define WORD_BITS           32
#define KERNEL_POOL_WORDS   ((KERNEL_POOL_END >> PAGE_SHIFT) / WORD_BITS)

static uint32_t free_map[PAGES / WORD_BITS];
static uint32_t allocated_map[PAGES / WORD_BITS];
static uint32_t free_pages[POOLS];
// Per pool, the first word that may hold a free page: searches start there.
static uint32_t first_word[POOLS];

static const uint32_t pool_end_word[POOLS] = { KERNEL_POOL_WORDS, PAGES / WORD_BITS };

static int pool_of(uint32_t page)
{
    return page < (KERNEL_POOL_END >> PAGE_SHIFT) ? POOL_KERNEL : POOL_TASK;
}

static int test_bit(const uint32_t *map, uint32_t page)
{
    return map[page / WORD_BITS] >> (page % WORD_BITS) & 1;
}

static void set_bit(uint32_t *map, uint32_t page)
{
    map[page / WORD_BITS] |= 1u << (page % WORD_BITS);
}

static void clear_bit(uint32_t *map, uint32_t page)
{
    map[page / WORD_BITS] &= ~(1u << (page % WORD_BITS));
}

static void make_free(uint32_t page)
{
    int pool = pool_of(page);

    set_bit(free_map, page);
    free_pages[pool]++;
    if (page / WORD_BITS < first_word[pool])
        first_word[pool] = page / WORD_BITS;
}

static void take(uint32_t page)
{
    clear_bit(free_map, page);
    free_pages[pool_of(page)]--;
}

uint32_t palloc_init(const struct boot_memrange *ranges, uint32_t count,
                     uint32_t reserved_start, uint32_t reserved_end)
{
    uint32_t usable = 0;

    memset(free_map, 0, sizeof(free_map));
    memset(allocated_map, 0, sizeof(allocated_map));
    for (int pool = 0; pool < POOLS; pool++) {
        free_pages[pool] = 0;
        first_word[pool] = pool_end_word[pool];
    }

    for (uint32_t i = 0; i < count; i++) {
        uint64_t base = ranges[i].base;
        uint64_t limit = base + ranges[i].length;
        if (limit < base || limit > MEMORY_END)
            limit = MEMORY_END;
        if (base >= limit)
            continue;
        // Only whole pages count: round the start up and the end down.
        uint32_t start = (base + 0xFFF) >> PAGE_SHIFT;
        uint32_t end = limit >> PAGE_SHIFT;
        for (uint32_t page = start; page < end; page++) {
            // Firmware maps may overlap: count each page once.
            if (test_bit(free_map, page))
                continue;
            usable++;
            make_free(page);
        }
    }

    if (test_bit(free_map, 0))
        take(0);
    for (uint32_t page = reserved_start >> PAGE_SHIFT;
         page < (reserved_end + 0xFFF) >> PAGE_SHIFT; page++)
        if (test_bit(free_map, page))
            take(page);
    return usable;
}

uint32_t palloc_alloc(int pool)
{
    for (uint32_t w = first_word[pool]; w < pool_end_word[pool]; w++) {
        if (!free_map[w])
            continue;
        first_word[pool] = w;
        uint32_t page = w * WORD_BITS + __builtin_ctz(free_map[w]);
        take(page);
        set_bit(allocated_map, page);
        return page << PAGE_SHIFT;
    }
    first_word[pool] = pool_end_word[pool];
    return 0;
}

void palloc_free(uint32_t pa)
{
    uint32_t page = pa >> PAGE_SHIFT;

    if (pa & 0xFFF)
        panic("palloc: free of unaligned address 0x%08x", pa);
    if (!test_bit(allocated_map, page)) {
        if (test_bit(free_map, page))
            panic("palloc: double free: page 0x%08x is already free", pa);
        panic("palloc: free of page 0x%08x, which it never handed out", pa);
    }
    clear_bit(allocated_map, page);
    make_free(page);
}

uint32_t palloc_free_pages(int pool)
{
    return free_pages[pool];
}

void palloc_cap(int pool, uint32_t pages)
{
    uint32_t kept = 0;

    for (uint32_t w = first_word[pool]; w < pool_end_word[pool]; w++)
        for (uint32_t bits = free_map[w]; bits; bits &= bits - 1) {
            uint32_t page = w * WORD_BITS + __builtin_ctz(bits);
            if (kept < pages)
                kept++;
            else
                take(page);        // neither free nor allocated: no longer RAM to palloc
        }
}

void palloc_log_free(const char *before)
{
    kprintf("%skernel pool %u free pages, task pool %u free pages\n", before,
            palloc_free_pages(POOL_KERNEL), palloc_free_pages(POOL_TASK));
}

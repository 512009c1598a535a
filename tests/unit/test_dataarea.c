// Seed 000's data areas: the bounds arithmetic of kernel/task/dataarea.c, with the
// seed's off-by-one, unchecked letter and clamp-after-difference in mind; then
// growing, shrinking and reading over a fake MMU.  The frames come from the
// real page allocator with small pools, so running out of memory part-way is
// real, and every frame must be back in its pool at the end of each test.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "task/dataarea.h"
#include "lib/kprintf.h"
#include "mm/palloc.h"
#include "task/task.h"

#define MiB                 0x00100000u
#define TASK_POOL_BASE      (4 * MiB)
#define TASK_POOL_PAGES     (USER_DATA_MAX_PAGES + 8)
#define JUNK                0xA5         // what a frame holds before it is handed out

// The fake MMU: the data area's page table of each fake directory, and host
// memory standing for the task pool's frames.
struct fake_dir {
    uint32_t table;                      // the page table's frame; 0 until one is needed
    pte_t pte[NPTENTRIES];
};

static uint8_t *frames;                  // TASK_POOL_PAGES frames from TASK_POOL_BASE
static int kmapped;                      // kmap slots in use: 0 after every call

static uint8_t *frame(uint32_t pa)
{
    assert_true(pa >= TASK_POOL_BASE && pa < TASK_POOL_BASE + TASK_POOL_PAGES * PGSIZE);
    assert_int_equal(pa % PGSIZE, 0);
    return frames + (pa - TASK_POOL_BASE);
}

// The table entry for va: the data area is all this fake directory holds.
static pte_t *entry(const pde_t *pd, uint32_t va)
{
    assert_true(va >= USER_DATA_BASE && va < USER_DATA_END);
    return &((struct fake_dir *)pd)->pte[PTX(va)];
}

uint32_t mmu_next_free_task_page(void)
{
    uint32_t pa = palloc_alloc(POOL_TASK);

    if (pa)
        memset(frame(pa), 0, PGSIZE);
    return pa;
}

int mmu_map_page(pde_t *pd, uint32_t va, uint32_t pa, uint32_t attrs)
{
    struct fake_dir *dir = (struct fake_dir *)pd;

    if (!dir->table && !(dir->table = palloc_alloc(POOL_KERNEL)))
        return -1;
    assert_int_equal(va % PGSIZE, 0);
    // Mapping over a page already there is the seed's actual + diff bug.
    assert_int_equal(*entry(pd, va), 0);
    *entry(pd, va) = pa | attrs | PTE_P;
    return 0;
}

uint32_t mmu_unmap_page(pde_t *pd, uint32_t va)
{
    pte_t *pte = entry(pd, va);
    uint32_t pa = PTE_ADDR(*pte);

    *pte = 0;
    return pa;
}

uint32_t mmu_lookup(const pde_t *pd, uint32_t va)
{
    if (va < USER_DATA_BASE || va >= USER_DATA_END)
        return 0;
    return *entry(pd, va);
}

void *kmap(uint32_t pa)
{
    kmapped++;
    return frame(pa);
}

void kunmap(void *va)
{
    (void)va;
    kmapped--;
}

static struct fake_dir dirs[2];
#define DIR(i)              ((pde_t *)&dirs[i])

// The scheduler's view, which the services read.
struct task tasks[TASK_SLOTS];
static uint32_t task_pages;              // free task pages once the pools are made

// Pools of kernel_pool and task_pool pages; every frame starts as junk.
static void pools(uint32_t kernel_pool, uint32_t task_pool)
{
    const struct boot_memrange ranges[] = {
        { 1 * MiB, (uint64_t)kernel_pool * PGSIZE, 7, 0 },
        { TASK_POOL_BASE, (uint64_t)task_pool * PGSIZE, 7, 0 },
    };

    assert_true(task_pool <= TASK_POOL_PAGES);
    palloc_init(ranges, 2, 0, 0);
    task_pages = palloc_free_pages(POOL_TASK);
    memset(frames, JUNK, (size_t)TASK_POOL_PAGES * PGSIZE);
}

static int setup(void **state)
{
    (void)state;
    frames = malloc((size_t)TASK_POOL_PAGES * PGSIZE);
    memset(dirs, 0, sizeof(dirs));
    memset(tasks, 0, sizeof(tasks));
    kmapped = 0;
    return frames ? 0 : -1;
}

// Every test gives its areas back: then every task frame is free again.
static int teardown(void **state)
{
    (void)state;
    assert_int_equal(kmapped, 0);
    for (int i = 0; i < 2; i++)
        for (int ptx = 0; ptx < NPTENTRIES; ptx++)
            assert_int_equal(dirs[i].pte[ptx], 0);
    assert_int_equal(palloc_free_pages(POOL_TASK), task_pages);
    free(frames);
    return 0;
}

// The frame that page index of directory i maps, or 0.
static uint32_t mapped(int i, uint32_t index)
{
    return PTE_ADDR(dirs[i].pte[index]);
}

static int zeroed(uint32_t pa)
{
    for (uint32_t i = 0; i < PGSIZE; i++)
        if (frame(pa)[i])
            return 0;
    return 1;
}

static void growing_maps_zeroed_user_pages_at_the_next_index(void **state)
{
    (void)state;
    pools(4, 16);
    assert_int_equal(data_resize(DIR(0), 0, 2), 2);
    uint32_t first = mapped(0, 0), second = mapped(0, 1);
    assert_int_equal(PTE_FLAGS(dirs[0].pte[0]), PTE_P | PTE_U | PTE_W);
    assert_int_equal(PTE_FLAGS(dirs[0].pte[1]), PTE_P | PTE_U | PTE_W);
    assert_true(first && second && first != second);
    assert_true(zeroed(first) && zeroed(second));
    assert_int_equal(mapped(0, 2), 0);

    // Growing again adds pages 2-4 and keeps 0-1 (the fake MMU fails a test
    // that maps over a present page).
    frame(first)[7] = 0x77;
    assert_int_equal(data_resize(DIR(0), 2, 5), 5);
    assert_int_equal(mapped(0, 0), first);
    assert_int_equal(mapped(0, 1), second);
    assert_int_equal(frame(first)[7], 0x77);
    for (uint32_t i = 2; i < 5; i++)
        assert_true(mapped(0, i) && zeroed(mapped(0, i)));
    assert_int_equal(mapped(0, 5), 0);
    assert_int_equal(palloc_free_pages(POOL_TASK), task_pages - 5);
    assert_int_equal(data_resize(DIR(0), 5, 0), 0);
}

static void shrinking_unmaps_from_the_top_and_frees_the_frames(void **state)
{
    (void)state;
    pools(4, 16);
    assert_int_equal(data_resize(DIR(0), 0, 5), 5);
    uint32_t first = mapped(0, 0);
    assert_int_equal(data_resize(DIR(0), 5, 1), 1);
    assert_int_equal(mapped(0, 0), first);
    for (uint32_t i = 1; i < 5; i++)
        assert_int_equal(dirs[0].pte[i], 0);
    assert_int_equal(palloc_free_pages(POOL_TASK), task_pages - 1);
    // Same size: nothing changes.
    assert_int_equal(data_resize(DIR(0), 1, 1), 1);
    assert_int_equal(mapped(0, 0), first);
    assert_int_equal(data_resize(DIR(0), 1, 0), 0);
    assert_int_equal(palloc_free_pages(POOL_TASK), task_pages);
}

static void requests_are_clamped_before_the_sizes_are_compared(void **state)
{
    (void)state;
    pools(4, TASK_POOL_PAGES);
    // The fake MMU fails a test that maps past USER_DATA_END.
    assert_int_equal(data_resize(DIR(0), 0, 0xFFFFFFFFu), USER_DATA_MAX_PAGES);
    assert_true(mapped(0, USER_DATA_MAX_PAGES - 1) != 0);
    assert_int_equal(data_resize(DIR(0), USER_DATA_MAX_PAGES, 1025), USER_DATA_MAX_PAGES);
    assert_int_equal(palloc_free_pages(POOL_TASK), task_pages - USER_DATA_MAX_PAGES);
    assert_int_equal(data_resize(DIR(0), USER_DATA_MAX_PAGES, 0), 0);
}

static void running_out_part_way_keeps_the_pages_it_got(void **state)
{
    (void)state;
    pools(4, 10);
    assert_int_equal(data_resize(DIR(0), 0, 3), 3);
    assert_int_equal(data_resize(DIR(0), 3, 20), 10);
    for (uint32_t i = 0; i < 10; i++)
        assert_true(mapped(0, i) != 0);
    assert_int_equal(mapped(0, 10), 0);
    assert_int_equal(palloc_free_pages(POOL_TASK), 0);
    // Asking again changes nothing; another area gets nothing.
    assert_int_equal(data_resize(DIR(0), 10, 1024), 10);
    assert_int_equal(data_resize(DIR(1), 0, 1), 0);
    assert_int_equal(data_resize(DIR(0), 10, 0), 0);
}

static void no_page_for_the_page_table_means_no_growth_and_no_leak(void **state)
{
    (void)state;
    pools(0, 10);
    assert_int_equal(data_resize(DIR(0), 0, 3), 0);
    assert_int_equal(palloc_free_pages(POOL_TASK), task_pages);
}

static void cycles_between_empty_and_full_leak_nothing(void **state)
{
    (void)state;
    pools(4, TASK_POOL_PAGES);
    uint32_t kernel_pages = palloc_free_pages(POOL_KERNEL);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(data_resize(DIR(0), 0, USER_DATA_MAX_PAGES), USER_DATA_MAX_PAGES);
        assert_int_equal(data_resize(DIR(0), USER_DATA_MAX_PAGES, 0), 0);
    }
    assert_int_equal(palloc_free_pages(POOL_TASK), task_pages);
    // The page table stays for the task's life: one kernel page, once.
    assert_int_equal(palloc_free_pages(POOL_KERNEL), kernel_pages - 1);
}

static void reads_give_the_byte_of_the_right_task_and_page(void **state)
{
    (void)state;
    uint8_t byte = 0;

    pools(4, 16);
    assert_int_equal(data_resize(DIR(0), 0, 2), 2);
    assert_int_equal(data_resize(DIR(1), 0, 1), 1);
    frame(mapped(0, 0))[0] = 0x11;
    frame(mapped(0, 0))[4095] = 0x22;
    frame(mapped(0, 1))[4095] = 0xF3;
    frame(mapped(1, 0))[0] = 0x44;

    assert_true(data_read(DIR(0), 2, 0, &byte));
    assert_int_equal(byte, 0x11);
    assert_true(data_read(DIR(0), 2, 4095, &byte));
    assert_int_equal(byte, 0x22);
    assert_true(data_read(DIR(0), 2, 8191, &byte));
    assert_int_equal(byte, 0xF3);
    assert_true(data_read(DIR(0), 2, 4096, &byte));
    assert_int_equal(byte, 0);
    assert_true(data_read(DIR(1), 1, 0, &byte));
    assert_int_equal(byte, 0x44);

    assert_false(data_read(DIR(0), 2, 8192, &byte));
    assert_false(data_read(DIR(1), 1, 4096, &byte));
    assert_false(data_read(DIR(0), 2, 0xFFFFFFFFu, &byte));
    assert_false(data_read(DIR(0), 0, 0, &byte));
    assert_int_equal(data_resize(DIR(0), 2, 0), 0);
    assert_int_equal(data_resize(DIR(1), 1, 0), 0);
}

static void a_page_the_count_covers_but_nothing_maps_is_invalid(void **state)
{
    (void)state;
    uint8_t byte;

    pools(4, 16);
    assert_int_equal(data_resize(DIR(0), 0, 1), 1);
    assert_false(data_read(DIR(0), 2, 4096, &byte));
    assert_int_equal(data_resize(DIR(0), 1, 0), 0);
}

static void requests_above_the_maximum_are_clamped(void **state)
{
    (void)state;
    assert_int_equal(data_clamp_pages(0), 0);
    assert_int_equal(data_clamp_pages(1), 1);
    assert_int_equal(data_clamp_pages(1023), 1023);
    assert_int_equal(data_clamp_pages(1024), 1024);
    assert_int_equal(data_clamp_pages(1025), 1024);
    assert_int_equal(data_clamp_pages(0x80000000u), 1024);
    assert_int_equal(data_clamp_pages(0xFFFFFFFFu), 1024);
}

static void offsets_end_one_byte_before_the_limit(void **state)
{
    (void)state;
    assert_false(data_offset_valid(0, 0));
    assert_true(data_offset_valid(1, 0));
    assert_true(data_offset_valid(1, 4095));
    assert_false(data_offset_valid(1, 4096));
    assert_true(data_offset_valid(2, 8191));
    assert_false(data_offset_valid(2, 8192));
    assert_true(data_offset_valid(USER_DATA_MAX_PAGES, 4 * MiB - 1));
    assert_false(data_offset_valid(USER_DATA_MAX_PAGES, 4 * MiB));
    // Offsets that would wrap USER_DATA_BASE + offset around 4 GiB.
    assert_false(data_offset_valid(USER_DATA_MAX_PAGES, 0xFFFFFFFFu));
    assert_false(data_offset_valid(USER_DATA_MAX_PAGES, 0u - USER_DATA_BASE));
}

static void only_capital_a_to_d_name_a_task(void **state)
{
    (void)state;
    assert_int_equal(data_letter_slot('A'), 0);
    assert_int_equal(data_letter_slot('B'), 1);
    assert_int_equal(data_letter_slot('C'), 2);
    assert_int_equal(data_letter_slot('D'), 3);
    static const uint32_t invalid[] = {
        '@', 'E', 'a', 'd', 0, 0xFF, 0x80 + 'A',
        0x100 + 'A', 0xFFFFFF00u + 'A', 0x41000000u, 0xFFFFFFFFu,
    };
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
        assert_int_equal(data_letter_slot(invalid[i]), -1);
}

static void the_area_fits_one_page_table_clear_of_its_neighbours(void **state)
{
    (void)state;
    assert_int_equal(data_page_va(0), USER_DATA_BASE);
    assert_int_equal(data_page_va(1), USER_DATA_BASE + 4096);
    assert_int_equal(data_page_va(USER_DATA_MAX_PAGES - 1), USER_DATA_END - 4096);
    assert_int_equal(USER_DATA_END, 0x05800000u);
    assert_int_equal(USER_DATA_BASE % 4096, 0);
    // One directory entry, so growing never needs a second page table.
    assert_int_equal(PDX(USER_DATA_BASE), PDX(USER_DATA_END - 1));
    assert_int_equal(PTX(USER_DATA_BASE), 0);
    // Past the code window (0x05000000, 64 KiB) and below the stack's guard
    // page (16 KiB of stack ending at 0x05C00000).
    assert_true(USER_DATA_BASE >= 0x05000000u + 0x10000u);
    assert_true(USER_DATA_END <= 0x05C00000u - 0x4000u - 4096);
}

static void set_data_limit_answers_and_keeps_the_count(void **state)
{
    (void)state;
    pools(4, TASK_POOL_PAGES);
    tasks[2] = (struct task){ .state = TASK_RUNNABLE, .pd = DIR(0) };

    assert_int_equal(data_set_limit(&tasks[2], 3), 3);
    assert_int_equal(tasks[2].data_pages, 3);
    assert_true(mapped(0, 2) != 0);

    assert_int_equal(data_set_limit(&tasks[2], 0xFFFFFFFFu), USER_DATA_MAX_PAGES);
    assert_int_equal(tasks[2].data_pages, USER_DATA_MAX_PAGES);
    assert_int_equal(data_set_limit(&tasks[2], 0), 0);
    assert_int_equal(tasks[2].data_pages, 0);
}

// What ReadData leaves in ECX and EDX for letter and offset.
static void read_data(uint32_t letter, uint32_t offset, uint32_t *ecx, uint32_t *edx)
{
    uint8_t byte = 0x5C;

    *edx = (uint32_t)data_read_byte(letter, offset, &byte);
    *ecx = *edx ? byte : 0;
}

static void expect_read(uint32_t letter, uint32_t offset, uint32_t byte)
{
    uint32_t ecx, edx;

    read_data(letter, offset, &ecx, &edx);
    assert_int_equal(edx, 1);
    assert_int_equal(ecx, byte);
}

static void expect_invalid(uint32_t letter, uint32_t offset)
{
    uint32_t ecx, edx;

    read_data(letter, offset, &ecx, &edx);
    assert_int_equal(edx, 0);
    assert_int_equal(ecx, 0);
}

static void read_data_answers_in_the_saved_ecx_and_edx(void **state)
{
    (void)state;
    pools(4, 16);
    tasks[0] = (struct task){ .state = TASK_RUNNABLE, .pd = DIR(0) };
    tasks[3] = (struct task){ .state = TASK_BLOCKED, .pd = DIR(1) };
    tasks[0].data_pages = data_resize(DIR(0), 0, 2);
    tasks[3].data_pages = data_resize(DIR(1), 0, 1);
    frame(mapped(0, 1))[4095] = 0xF3;
    frame(mapped(1, 0))[9] = 0x44;

    expect_read('A', 8191, 0xF3);        // zero-extended
    expect_read('A', 0, 0);
    expect_read('D', 9, 0x44);           // its own area, and blocked tasks exist
    expect_invalid('A', 8192);
    expect_invalid('D', 4096);
    expect_invalid('B', 0);              // a free slot
    expect_invalid('E', 0);
    expect_invalid('a', 0);
    expect_invalid(0x100 + 'A', 0);
    tasks[0].state = TASK_ZOMBIE;        // ended, not yet reaped
    expect_invalid('A', 0);

    assert_int_equal(data_resize(DIR(0), 2, 0), 0);
    assert_int_equal(data_resize(DIR(1), 1, 0), 0);
}

#define AREA_TEST(f)        cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(requests_above_the_maximum_are_clamped),
        cmocka_unit_test(offsets_end_one_byte_before_the_limit),
        cmocka_unit_test(only_capital_a_to_d_name_a_task),
        cmocka_unit_test(the_area_fits_one_page_table_clear_of_its_neighbours),
        AREA_TEST(growing_maps_zeroed_user_pages_at_the_next_index),
        AREA_TEST(shrinking_unmaps_from_the_top_and_frees_the_frames),
        AREA_TEST(requests_are_clamped_before_the_sizes_are_compared),
        AREA_TEST(running_out_part_way_keeps_the_pages_it_got),
        AREA_TEST(no_page_for_the_page_table_means_no_growth_and_no_leak),
        AREA_TEST(cycles_between_empty_and_full_leak_nothing),
        AREA_TEST(reads_give_the_byte_of_the_right_task_and_page),
        AREA_TEST(a_page_the_count_covers_but_nothing_maps_is_invalid),
        AREA_TEST(set_data_limit_answers_and_keeps_the_count),
        AREA_TEST(read_data_answers_in_the_saved_ecx_and_edx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

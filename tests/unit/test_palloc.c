// palloc: which pages the firmware's map yields, the two pools, allocation
// order, exhaustion, reuse, and the bugs it must catch (double free, freeing
// what it never handed out).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lib/kprintf.h"
#include "mm/palloc.h"

#define KiB 1024ull
#define MiB (1024 * KiB)
#define GiB (1024 * MiB)
#define PAGE 4096u

// Like a small PC: low memory, then RAM from 1 MiB to 8 MiB with the kernel
// image at [1 MiB, 1 MiB + 64 KiB).
static const struct boot_memrange small_pc[] = {
    { 0, 640 * KiB, 7, 0 },
    { 1 * MiB, 7 * MiB, 7, 0 },
};
#define KERNEL_START (1 * MiB)
#define KERNEL_END   (1 * MiB + 64 * KiB)

static uint32_t init_small_pc(void)
{
    return palloc_init(small_pc, 2, KERNEL_START, KERNEL_END);
}

static void pools_and_exclusions(void **state)
{
    (void)state;
    assert_int_equal(init_small_pc(), 160 + 1792);
    // Kernel pool: 160 low pages but page 0, and 1-4 MiB but the kernel's 16.
    assert_int_equal(palloc_free_pages(POOL_KERNEL), 159 + 768 - 16);
    assert_int_equal(palloc_free_pages(POOL_TASK), 1024);
}

static void lowest_pages_first_and_never_excluded_ones(void **state)
{
    (void)state;
    init_small_pc();
    assert_int_equal(palloc_alloc(POOL_KERNEL), PAGE);
    assert_int_equal(palloc_alloc(POOL_TASK), KERNEL_POOL_END);

    uint32_t pa, kernel = 1, last = 0;
    while ((pa = palloc_alloc(POOL_KERNEL)) != 0) {
        kernel++;
        assert_true(pa > last);
        last = pa;
        assert_true(pa < KERNEL_POOL_END);
        assert_false(pa >= KERNEL_START && pa < KERNEL_END);
        assert_false(pa >= 640 * KiB && pa < 1 * MiB);
    }
    assert_int_equal(kernel, 159 + 768 - 16);
    assert_int_equal(palloc_free_pages(POOL_KERNEL), 0);
    // An empty kernel pool does not borrow from the task pool.
    assert_int_equal(palloc_free_pages(POOL_TASK), 1023);
}

static void exhaustion_then_reuse(void **state)
{
    (void)state;
    uint32_t pages[1024];

    init_small_pc();
    for (int i = 0; i < 1024; i++) {
        pages[i] = palloc_alloc(POOL_TASK);
        assert_int_equal(pages[i], KERNEL_POOL_END + i * PAGE);
    }
    assert_int_equal(palloc_alloc(POOL_TASK), 0);
    assert_int_equal(palloc_alloc(POOL_TASK), 0);

    palloc_free(pages[700]);
    palloc_free(pages[3]);
    assert_int_equal(palloc_free_pages(POOL_TASK), 2);
    assert_int_equal(palloc_alloc(POOL_TASK), pages[3]);
    assert_int_equal(palloc_alloc(POOL_TASK), pages[700]);
    assert_int_equal(palloc_alloc(POOL_TASK), 0);

    for (int i = 0; i < 1024; i++)
        palloc_free(pages[i]);
    assert_int_equal(palloc_free_pages(POOL_TASK), 1024);
}

static void double_free_panics(void **state)
{
    (void)state;
    init_small_pc();
    uint32_t pa = palloc_alloc(POOL_TASK);
    palloc_free(pa);
    expect_assert_failure(palloc_free(pa));
    assert_int_equal(palloc_free_pages(POOL_TASK), 1024);
}

static void freeing_what_was_never_handed_out_panics(void **state)
{
    (void)state;
    init_small_pc();
    expect_assert_failure(palloc_free(0));                  // page 0
    expect_assert_failure(palloc_free(KERNEL_START));       // the kernel image
    expect_assert_failure(palloc_free(700 * KiB));          // not RAM
    expect_assert_failure(palloc_free(16 * MiB));           // beyond the map
    expect_assert_failure(palloc_free(KERNEL_POOL_END));    // free, never allocated
    expect_assert_failure(palloc_free(KERNEL_POOL_END + 8)); // unaligned
    assert_int_equal(palloc_free_pages(POOL_TASK), 1024);
}

static void ranges_are_clipped_trimmed_and_merged(void **state)
{
    (void)state;
    static const struct boot_memrange odd[] = {
        { 0x5000 + 1, 3 * PAGE, 7, 0 },          // unaligned: only 0x6000 and 0x7000 are whole
        { 0x6000, 2 * PAGE, 7, 0 },              // overlaps the first: counted once
        { 3 * GiB + 512 * MiB, 1 * GiB, 7, 0 },  // half above 4 GiB
        { 5 * GiB, 1 * GiB, 7, 0 },              // all above 4 GiB
        { 0xFFFFFFFFFFFFF000ull, 2 * PAGE, 7, 0 }, // base + length wraps
        { 0x9000, 0, 7, 0 },                     // empty
    };
    assert_int_equal(palloc_init(odd, 6, 0, 0), 2 + 512 * MiB / PAGE);
    assert_int_equal(palloc_free_pages(POOL_KERNEL), 2);
    assert_int_equal(palloc_free_pages(POOL_TASK), 512 * MiB / PAGE);
    assert_int_equal(palloc_alloc(POOL_KERNEL), 0x6000);
    assert_int_equal(palloc_alloc(POOL_KERNEL), 0x7000);
    assert_int_equal(palloc_alloc(POOL_KERNEL), 0);

    uint32_t pa, last = 0;
    while ((pa = palloc_alloc(POOL_TASK)) != 0)
        last = pa;
    assert_int_equal(last, 0xFFFFF000u);
}

static void init_starts_afresh(void **state)
{
    (void)state;
    init_small_pc();
    while (palloc_alloc(POOL_KERNEL))
        ;
    init_small_pc();
    assert_int_equal(palloc_free_pages(POOL_KERNEL), 159 + 768 - 16);
    assert_int_equal(palloc_alloc(POOL_KERNEL), PAGE);
}

static void cap_keeps_the_lowest_pages_and_drops_the_rest(void **state)
{
    (void)state;
    init_small_pc();
    palloc_cap(POOL_TASK, 3);
    assert_int_equal(palloc_free_pages(POOL_TASK), 3);
    assert_int_equal(palloc_free_pages(POOL_KERNEL), 159 + 768 - 16);
    for (uint32_t i = 0; i < 3; i++)
        assert_int_equal(palloc_alloc(POOL_TASK), KERNEL_POOL_END + i * PAGE);
    assert_int_equal(palloc_alloc(POOL_TASK), 0);
    // A page the cap took out was never handed out: freeing it is a bug.
    expect_assert_failure(palloc_free(KERNEL_POOL_END + 3 * PAGE));
    palloc_free(KERNEL_POOL_END + PAGE);
    assert_int_equal(palloc_free_pages(POOL_TASK), 1);
    assert_int_equal(palloc_alloc(POOL_TASK), KERNEL_POOL_END + PAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pools_and_exclusions),
        cmocka_unit_test(lowest_pages_first_and_never_excluded_ones),
        cmocka_unit_test(exhaustion_then_reuse),
        cmocka_unit_test(double_free_panics),
        cmocka_unit_test(freeing_what_was_never_handed_out_panics),
        cmocka_unit_test(ranges_are_clipped_trimmed_and_merged),
        cmocka_unit_test(init_starts_afresh),
        cmocka_unit_test(cap_keeps_the_lowest_pages_and_drops_the_rest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

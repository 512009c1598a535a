// Seed 000's data areas: the bounds arithmetic of kernel/dataarea.c, with the
// seed's off-by-one, unchecked letter and clamp-after-difference in mind.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dataarea.h"

#define MiB 0x00100000u

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
    assert_true(data_offset_valid(DATA_MAX_PAGES, 4 * MiB - 1));
    assert_false(data_offset_valid(DATA_MAX_PAGES, 4 * MiB));
    // Offsets that would wrap DATA_BASE + offset around 4 GiB.
    assert_false(data_offset_valid(DATA_MAX_PAGES, 0xFFFFFFFFu));
    assert_false(data_offset_valid(DATA_MAX_PAGES, 0u - DATA_BASE));
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
    assert_int_equal(data_page_va(0), DATA_BASE);
    assert_int_equal(data_page_va(1), DATA_BASE + 4096);
    assert_int_equal(data_page_va(DATA_MAX_PAGES - 1), DATA_END - 4096);
    assert_int_equal(DATA_END, 0x05800000u);
    assert_int_equal(DATA_BASE % 4096, 0);
    // One directory entry, so growing never needs a second page table.
    assert_int_equal(PDX(DATA_BASE), PDX(DATA_END - 1));
    assert_int_equal(PTX(DATA_BASE), 0);
    // Past the code window (0x05000000, 64 KiB) and below the stack's guard
    // page (16 KiB of stack ending at 0x05C00000).
    assert_true(DATA_BASE >= 0x05000000u + 0x10000u);
    assert_true(DATA_END <= 0x05C00000u - 0x4000u - 4096);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(requests_above_the_maximum_are_clamped),
        cmocka_unit_test(offsets_end_one_byte_before_the_limit),
        cmocka_unit_test(only_capital_a_to_d_name_a_task),
        cmocka_unit_test(the_area_fits_one_page_table_clear_of_its_neighbours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

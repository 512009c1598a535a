// uaccess: the user-range arithmetic (bounds, wrap-around) and the checked
// reads, over a fake address space: mmu_lookup and kmap are replaced here by
// a table of pages and host buffers, so every path runs without a CPU.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mm/mmu.h"
#include "mm/uaccess.h"

// The fake address space: a few pages, each backed by a host frame.
#define FAKE_PAGES          4
#define DATA                0x05400000u  // two user pages; the page before is unmapped
#define SUPERVISOR          (DATA + 2 * PGSIZE) // right after them, mapped without PTE_U
#define NEAR_END            (USER_END - PGSIZE) // the last user page
#define PRINT_MAX           256          // the print service's limit (syscall.h)

static struct { uint32_t va, flags; } pages[FAKE_PAGES];
static uint8_t frames[FAKE_PAGES][PGSIZE];
static int kmapped;                      // kmap slots in use: must be 0 after each call

uint32_t mmu_lookup(const pde_t *pd, uint32_t va)
{
    (void)pd;
    for (uint32_t i = 0; i < FAKE_PAGES; i++)
        if (pages[i].va == PGROUNDDOWN(va))
            return (i + 1) << PGSHIFT | pages[i].flags;  // frame 0 would mean "none"
    return 0;
}

void *kmap(uint32_t pa)
{
    kmapped++;
    return frames[(pa >> PGSHIFT) - 1];
}

void kunmap(void *va)
{
    (void)va;
    kmapped--;
}

static int setup(void **state)
{
    (void)state;
    static const uint32_t va[FAKE_PAGES] = { DATA, DATA + PGSIZE, SUPERVISOR, NEAR_END };
    static const uint32_t flags[FAKE_PAGES] = {
        PTE_P | PTE_U | PTE_W, PTE_P | PTE_U, PTE_P | PTE_W, PTE_P | PTE_U | PTE_W,
    };
    for (int i = 0; i < FAKE_PAGES; i++) {
        pages[i].va = va[i];
        pages[i].flags = flags[i];
        memset(frames[i], 'a' + i, PGSIZE);
    }
    kmapped = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(kmapped, 0);
    return 0;
}

// The byte at user address va of the fake space.
static uint8_t *user_byte(uint32_t va)
{
    return &frames[(mmu_lookup(0, va) >> PGSHIFT) - 1][va & (PGSIZE - 1)];
}

static void range_bounds(void **state)
{
    (void)state;
    assert_true(uaccess_range_ok(USER_BASE, 1));
    assert_false(uaccess_range_ok(USER_BASE - 1, 1));
    assert_false(uaccess_range_ok(USER_BASE - 1, 2));
    assert_true(uaccess_range_ok(USER_END - 1, 1));
    assert_false(uaccess_range_ok(USER_END - 1, 2));
    assert_false(uaccess_range_ok(USER_END, 1));
    assert_true(uaccess_range_ok(USER_BASE, USER_END - USER_BASE));
    assert_false(uaccess_range_ok(USER_BASE, USER_END - USER_BASE + 1));
    assert_false(uaccess_range_ok(0, 1));
    assert_false(uaccess_range_ok(0x00100000, 4));   // the kernel image
    assert_false(uaccess_range_ok(KMAP_BASE, 1));
}

static void range_rejects_empty_and_wrapping(void **state)
{
    (void)state;
    assert_false(uaccess_range_ok(DATA, 0));
    assert_false(uaccess_range_ok(0xFFFFFFFF, 1));
    assert_false(uaccess_range_ok(0xFFFFFFF0, 0x20));         // wraps to 0x10
    assert_false(uaccess_range_ok(DATA, 0xFFFFFFFF));
    assert_false(uaccess_range_ok(DATA, UINT32_MAX - DATA + 1)); // ends exactly at 2^32
}

static void read_across_pages(void **state)
{
    (void)state;
    uint8_t buf[8];

    assert_int_equal(uaccess_read(0, buf, DATA + PGSIZE - 4, sizeof(buf)), 0);
    assert_memory_equal(buf, "aaaabbbb", sizeof(buf));
}

static void read_refuses_what_the_task_may_not_read(void **state)
{
    (void)state;
    uint8_t buf[8];

    // From an unmapped page into a good one.
    assert_int_equal(uaccess_read(0, buf, DATA - 4, sizeof(buf)), -1);
    // A page the task cannot see (no PTE_U), alone and after a good page.
    assert_int_equal(uaccess_read(0, buf, SUPERVISOR, 1), -1);
    assert_int_equal(uaccess_read(0, buf, SUPERVISOR - 4, sizeof(buf)), -1);
    // Outside user space, whatever the table says.
    assert_int_equal(uaccess_read(0, buf, 0x00100000, 1), -1);
    assert_int_equal(uaccess_read(0, buf, NEAR_END + PGSIZE - 4, sizeof(buf)), -1);
}

static void string_in_one_page_and_across_two(void **state)
{
    (void)state;
    char text[PRINT_MAX];

    *user_byte(DATA + 5) = '\0';
    assert_int_equal(uaccess_string(0, text, DATA, sizeof(text)), 5);
    assert_string_equal(text, "aaaaa");

    *user_byte(DATA + PGSIZE + 2) = '\0';
    assert_int_equal(uaccess_string(0, text, DATA + PGSIZE - 3, sizeof(text)), 5);
    assert_string_equal(text, "aaabb");
}

static void string_refused_when_it_runs_into_a_page_it_may_not_read(void **state)
{
    (void)state;
    char text[PRINT_MAX];

    // No NUL before the supervisor page; a start in it or in an unmapped page.
    assert_int_equal(uaccess_string(0, text, SUPERVISOR - 10, sizeof(text)), -1);
    assert_int_equal(uaccess_string(0, text, SUPERVISOR, sizeof(text)), -1);
    assert_int_equal(uaccess_string(0, text, DATA - 10, sizeof(text)), -1);
    // A NUL right at the end of the last user page is fine; one past it is not.
    *user_byte(USER_END - 1) = '\0';
    assert_int_equal(uaccess_string(0, text, USER_END - 4, sizeof(text)), 3);
    *user_byte(USER_END - 1) = 'd';
    assert_int_equal(uaccess_string(0, text, USER_END - 4, sizeof(text)), -1);
    assert_int_equal(uaccess_string(0, text, 0xFFFFFFF0, sizeof(text)), -1);
}

static void string_needs_its_nul_within_max(void **state)
{
    (void)state;
    char text[PRINT_MAX];

    // max bytes, none of them a NUL: refused.
    assert_int_equal(uaccess_string(0, text, DATA, sizeof(text)), -1);
    // max - 1 characters and the NUL: the longest string accepted.
    *user_byte(DATA + sizeof(text) - 1) = '\0';
    assert_int_equal(uaccess_string(0, text, DATA, sizeof(text)), (int)sizeof(text) - 1);
    assert_int_equal(text[sizeof(text) - 1], '\0');
    // Across the page boundary, the same.
    *user_byte(DATA + PGSIZE + 100) = '\0';
    assert_int_equal(uaccess_string(0, text, DATA + PGSIZE + 100 - (sizeof(text) - 1), sizeof(text)),
                     (int)sizeof(text) - 1);
    assert_int_equal(uaccess_string(0, text, DATA + PGSIZE + 100 - sizeof(text), sizeof(text)), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(range_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(range_rejects_empty_and_wrapping, setup, teardown),
        cmocka_unit_test_setup_teardown(read_across_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(read_refuses_what_the_task_may_not_read, setup, teardown),
        cmocka_unit_test_setup_teardown(string_in_one_page_and_across_two, setup, teardown),
        cmocka_unit_test_setup_teardown(string_refused_when_it_runs_into_a_page_it_may_not_read,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(string_needs_its_nul_within_max, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

// The page-table arithmetic of mmu.h and the kernel's virtual layout.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mmu.h"
#include "palloc.h"

static void directory_and_table_indexes(void **state)
{
    (void)state;
    assert_int_equal(PDX(0x00000000), 0);
    assert_int_equal(PTX(0x00000FFF), 0);
    assert_int_equal(PTX(0x00001000), 1);
    assert_int_equal(PDX(0x003FFFFF), 0);
    assert_int_equal(PTX(0x003FFFFF), 1023);
    assert_int_equal(PDX(0x00400000), 1);
    assert_int_equal(PDX(0x05000000), 20);
    assert_int_equal(PTX(0x05000000), 0);
    assert_int_equal(PDX(0xBABAB000), 746);
    assert_int_equal(PTX(0xBABAB000), 0x3AB);
    assert_int_equal(PDX(0xFFFFFFFF), 1023);
    assert_int_equal(PTX(0xFFFFFFFF), 1023);
}

static void indexes_rebuild_the_page(void **state)
{
    (void)state;
    static const uint32_t addresses[] = { 0, 0x1234, 0x00ACCE50, 0x05000000, 0x0500FA00,
                                          0xBABAB123, 0xC0000000, 0xFFC0F00F, 0xFFFFFFFF };
    for (size_t i = 0; i < sizeof(addresses) / sizeof(addresses[0]); i++) {
        uint32_t va = addresses[i];
        assert_int_equal(PGADDR(PDX(va), PTX(va)), PGROUNDDOWN(va));
        assert_int_equal(PGADDR(PDX(va), PTX(va)) | (va & (PGSIZE - 1)), va);
    }
}

static void rounding(void **state)
{
    (void)state;
    assert_int_equal(PGROUNDDOWN(0x1FFF), 0x1000);
    assert_int_equal(PGROUNDDOWN(0x2000), 0x2000);
    assert_int_equal(PGROUNDUP(0x1001), 0x2000);
    assert_int_equal(PGROUNDUP(0x2000), 0x2000);
    assert_int_equal(PGROUNDUP(0), 0);
    assert_int_equal(PGROUNDDOWN(0xFFFFFFFF), 0xFFFFF000u);
}

static void entry_fields(void **state)
{
    (void)state;
    uint32_t pte = 0x0DE84000 | PTE_P | PTE_W | PTE_U | PTE_A | PTE_D;
    assert_int_equal(PTE_ADDR(pte), 0x0DE84000);
    assert_int_equal(PTE_FLAGS(pte), PTE_P | PTE_W | PTE_U | PTE_A | PTE_D);
    assert_int_equal(PTE_P | PTE_W | PTE_U | PTE_PWT | PTE_PCD | PTE_A | PTE_D, 0x7F);
}

static void kernel_layout(void **state)
{
    (void)state;
    // The identity map is exactly the directory's first entry, and the
    // kernel pool lies inside it (the kernel reaches its pages by address).
    assert_int_equal(PDX(KERNEL_IDENTITY_END - 1), 0);
    assert_int_equal(PDX(KERNEL_IDENTITY_END), 1);
    assert_int_equal(KERNEL_POOL_END, KERNEL_IDENTITY_END);
    // Kernel windows: the top quarter; the kmap slots share the last table.
    assert_int_equal(KERNEL_PDX, 768);
    assert_int_equal(PDX(KMAP_BASE), NPDENTRIES - 1);
    assert_int_equal(PTX(KMAP_BASE), 0);
    assert_int_equal(PDX(KMAP_BASE + (KMAP_SLOTS - 1) * PGSIZE), PDX(KMAP_BASE));
    // Every user address of design.md lies between the two.
    static const uint32_t user[] = { 0x00ACC000, 0x05000000, 0x05400000, 0x05BFFFFF,
                                     0x05C00000, 0x06000000, 0xBABAB000, 0xBFFFF000 };
    for (size_t i = 0; i < sizeof(user) / sizeof(user[0]); i++) {
        assert_true(PDX(user[i]) > 0);
        assert_true(PDX(user[i]) < KERNEL_PDX);
    }
}

static void task_layout(void **state)
{
    (void)state;
    uint32_t stack_bottom = USER_STACK_TOP - USER_STACK_PAGES * PGSIZE;
    uint32_t guard = stack_bottom - PGSIZE;

    // User space is everything between the kernel's two parts.
    assert_int_equal(PDX(USER_BASE), 1);
    assert_int_equal(PDX(USER_END), KERNEL_PDX);
    // design.md: 16 KB of stack ending at 0x05C00000, an unmapped page below.
    assert_int_equal(stack_bottom, 0x05BFC000);
    assert_int_equal(guard, 0x05BFB000);
    // The access page holds the access-mode byte and lies in user space.
    assert_int_equal(PGROUNDDOWN(0x00ACCE50), USER_ACCESS_PAGE);
    assert_true(USER_ACCESS_PAGE >= USER_BASE);
    // The code window ends before the data area (0x05400000, 4 MB), which
    // ends before the guard page.
    assert_true(CART_CODE_BASE + CART_CODE_SIZE <= 0x05400000);
    assert_true(0x05400000 + 1024 * PGSIZE <= guard);
    // The software bit is one the CPU ignores (bits 9-11).
    assert_int_equal(PTE_SHARED & ~0xE00u, 0);
    assert_int_not_equal(PTE_SHARED, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(directory_and_table_indexes),
        cmocka_unit_test(indexes_rebuild_the_page),
        cmocka_unit_test(rounding),
        cmocka_unit_test(entry_fields),
        cmocka_unit_test(kernel_layout),
        cmocka_unit_test(task_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

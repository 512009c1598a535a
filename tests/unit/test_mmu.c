// The page-table arithmetic of mmu.h, the address map of memlayout.h, and
// the page walk of pgwalk.c over a fake physical memory: tables made on
// demand, and the permissions the CPU would grant (a page is user or
// writable only where both its directory and its table entry say so).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "mm/memlayout.h"
#include "mm/mmu.h"
#include "mm/palloc.h"

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
    // Every user address of the map lies between the two.
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
    // 16 KB of stack ending at 0x05C00000, an unmapped page below.
    assert_int_equal(stack_bottom, 0x05BFC000);
    assert_int_equal(guard, 0x05BFB000);
    // The access page holds the access-mode byte and lies in user space.
    assert_int_equal(PGROUNDDOWN(0x00ACCE50), USER_ACCESS_PAGE);
    assert_true(USER_ACCESS_PAGE >= USER_BASE);
    // The code window ends before the data area (0x05400000, 4 MB), which
    // ends before the guard page.
    assert_true(USER_CODE_BASE + USER_CODE_SIZE <= USER_DATA_BASE);
    assert_true(USER_DATA_END <= guard);
    // The software bit is one the CPU ignores (bits 9-11).
    assert_int_equal(PTE_SHARED & ~0xE00u, 0);
    assert_int_not_equal(PTE_SHARED, 0);
}

// What bounds the kernel pool a task can hold (docs/kernel.md, fault
// isolation): page tables are made for the 4 MiB regions it has pages in and
// given back with their last page, and its fixed pages span five regions;
// the copy page and the DMA page add one each at most.  With the directory
// and the ring-0 stack, 9 kernel-pool pages a task.
static void a_task_has_pages_in_at_most_seven_regions(void **state)
{
    (void)state;
    static const uint32_t fixed[][2] = {          // first and last byte of each part
        { USER_ACCESS_PAGE, USER_ACCESS_PAGE + PGSIZE - 1 },
        { USER_CODE_BASE, USER_CODE_BASE + USER_CODE_SIZE - 1 },
        { USER_DATA_BASE, USER_DATA_END - 1 },
        { USER_STACK_TOP - USER_STACK_PAGES * PGSIZE, USER_STACK_TOP - 1 },
        { USER_CONSOLE_BASE, USER_CONSOLE_END - 1 },
    };
    uint8_t region[NPDENTRIES] = { 0 };
    uint32_t regions = 0;

    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        for (uint32_t pdx = PDX(fixed[i][0]); pdx <= PDX(fixed[i][1]); pdx++)
            regions += !region[pdx]++;
    assert_int_equal(regions, 5);
    // The copy page's region is not one of those, nor is the DMA page's.
    assert_int_equal(region[PDX(USER_COPY_MIN)] + region[PDX(USER_COPY_MAX)], 0);
    assert_int_equal(region[PDX(USER_DMA_PAGE)], 0);
    assert_true(USER_COPY_MIN >= USER_CONSOLE_END);
}

// ---- the walk, over a fake memory ---------------------------------------

#define FAKE_BASE           0x00100000u  // the fake memory's first physical page
#define FAKE_PAGES          8

static pte_t fake[FAKE_PAGES][NPTENTRIES] __attribute__((aligned(4096)));
static int fake_used;                    // pages handed out as tables
static int fake_limit = FAKE_PAGES;      // how many may be

uint32_t mmu_next_free_kernel_page(void)
{
    if (fake_used >= fake_limit)
        return 0;
    memset(fake[fake_used], 0, sizeof(fake[0]));
    return FAKE_BASE + PGSIZE * fake_used++;
}

pte_t *mmu_table(uint32_t pa)
{
    assert_true(pa >= FAKE_BASE && pa < FAKE_BASE + PGSIZE * FAKE_PAGES);
    assert_int_equal(pa % PGSIZE, 0);
    return fake[(pa - FAKE_BASE) / PGSIZE];
}

static pde_t *new_dir(void)
{
    return (pde_t *)mmu_table(mmu_next_free_kernel_page());
}

static int setup_fake(void **state)
{
    (void)state;
    fake_used = 0;
    fake_limit = FAKE_PAGES;
    return 0;
}

static void map(pde_t *pd, uint32_t va, uint32_t pa, uint32_t attrs)
{
    pte_t *pte = mmu_walk(pd, va, 1, attrs);

    assert_non_null(pte);
    *pte = pa | attrs | PTE_P;
}

static void walk_makes_a_table_only_when_asked(void **state)
{
    (void)state;
    pde_t *pd = new_dir();

    assert_null(mmu_walk(pd, 0x05000000, 0, PTE_U));
    assert_int_equal(pd[PDX(0x05000000)], 0);
    assert_int_equal(fake_used, 1);
    pte_t *pte = mmu_walk(pd, 0x05000123, 1, 0);
    assert_non_null(pte);
    assert_int_equal(fake_used, 2);
    assert_int_equal(pd[PDX(0x05000000)], (FAKE_BASE + PGSIZE) | PTE_P | PTE_W);
    assert_ptr_equal(pte, &fake[1][PTX(0x05000000)]);
    // A second page under the same directory entry uses the same table.
    assert_ptr_equal(mmu_walk(pd, 0x05001000, 1, 0), &fake[1][1]);
    assert_int_equal(fake_used, 2);
}

static void walk_fails_cleanly_without_a_page_for_the_table(void **state)
{
    (void)state;
    pde_t *pd = new_dir();

    fake_limit = 1;
    assert_null(mmu_walk(pd, 0x06000000, 1, PTE_U | PTE_W));
    assert_int_equal(pd[PDX(0x06000000)], 0);
}

static void a_user_page_makes_its_directory_entry_user(void **state)
{
    (void)state;
    pde_t *pd = new_dir();

    map(pd, USER_DATA_BASE, 0x00ABC000, PTE_W);
    assert_int_equal(pd[PDX(USER_DATA_BASE)] & PTE_U, 0);
    map(pd, USER_DATA_BASE + PGSIZE, 0x00ABD000, PTE_U | PTE_W);
    assert_int_equal(pd[PDX(USER_DATA_BASE)] & PTE_U, PTE_U);
    // The supervisor page beside it stays supervisor: the table decides.
    assert_int_equal(mmu_lookup(pd, USER_DATA_BASE) & PTE_U, 0);
    assert_int_equal(mmu_lookup(pd, USER_DATA_BASE + PGSIZE) & PTE_U, PTE_U);
}

static void lookup_grants_only_what_both_levels_grant(void **state)
{
    (void)state;
    pde_t *pd = new_dir();

    map(pd, 0x05000000, 0x00200000, PTE_U);            // user read-only
    map(pd, 0x05001000, 0x00201000, PTE_U | PTE_W);    // user writable
    assert_int_equal(mmu_lookup(pd, 0x05000000), 0x00200000 | PTE_P | PTE_U);
    assert_int_equal(mmu_lookup(pd, 0x05001FFF), 0x00201000 | PTE_P | PTE_U | PTE_W);
    // A directory entry without U or W takes them from every page under it.
    pd[PDX(0x05000000)] &= ~PTE_U;
    assert_int_equal(mmu_lookup(pd, 0x05001000), 0x00201000 | PTE_P | PTE_W);
    pd[PDX(0x05000000)] = (pd[PDX(0x05000000)] | PTE_U) & ~PTE_W;
    assert_int_equal(mmu_lookup(pd, 0x05001000), 0x00201000 | PTE_P | PTE_U);
    // Other bits of the entry are kept as they are.
    *mmu_walk(pd, 0x05002000, 0, 0) = 0x00202000 | PTE_P | PTE_U | PTE_SHARED | PTE_D;
    assert_int_equal(mmu_lookup(pd, 0x05002000), 0x00202000 | PTE_P | PTE_U | PTE_SHARED | PTE_D);
}

static void lookup_of_what_is_not_mapped_is_zero(void **state)
{
    (void)state;
    pde_t *pd = new_dir();

    assert_int_equal(mmu_lookup(pd, 0x05000000), 0);            // no table
    map(pd, 0x05000000, 0x00200000, PTE_U);
    assert_int_equal(mmu_lookup(pd, 0x05003000), 0);            // table, no page
    *mmu_walk(pd, 0x05004000, 0, 0) = 0x00204000 | PTE_U | PTE_W; // not present
    assert_int_equal(mmu_lookup(pd, 0x05004000), 0);
    pd[PDX(0x05000000)] &= ~PTE_P;                              // table not present
    assert_int_equal(mmu_lookup(pd, 0x05000000), 0);
}

// PSE-36: physical bits 32-39 of a 4 MiB page go in bits 13-20 of its
// directory entry (the xHCI of QEMU's root bus sits at 0xE0_0000_0000).
static void clearing_the_last_user_page_gives_its_table_back(void **state)
{
    (void)state;
    pde_t *pd = new_dir();
    uint32_t table = 1;

    map(pd, 0x06000000, 0x00200000, PTE_U | PTE_W);
    map(pd, 0x06001000, 0x00201000, PTE_U | PTE_W);
    uint32_t frame = PTE_ADDR(pd[PDX(0x06000000)]);
    // Another page is still under the table: it stays.
    assert_int_equal(mmu_clear(pd, 0x06000000, &table), 0x00200000 | PTE_U | PTE_W | PTE_P);
    assert_int_equal(table, 0);
    assert_int_equal(mmu_lookup(pd, 0x06000000), 0);
    assert_int_equal(PTE_ADDR(pd[PDX(0x06000000)]), frame);
    // The last page: the directory entry goes and the table is the caller's.
    assert_int_equal(mmu_clear(pd, 0x06001000, &table), 0x00201000 | PTE_U | PTE_W | PTE_P);
    assert_int_equal(table, frame);
    assert_int_equal(pd[PDX(0x06000000)], 0);
    // A table made again for the region starts empty.
    map(pd, 0x06003000, 0x00203000, PTE_U);
    assert_int_equal(mmu_lookup(pd, 0x06001000), 0);
}

static void a_not_present_entry_keeps_the_table(void **state)
{
    (void)state;
    pde_t *pd = new_dir();
    uint32_t table = 1;

    // Nothing mapped at all, then a table whose only entry is not present.
    assert_int_equal(mmu_clear(pd, 0x06000000, &table), 0);
    assert_int_equal(table, 0);
    *mmu_walk(pd, 0x06000000, 1, PTE_U) = 0x00200000 | PTE_U;
    pde_t pde = pd[PDX(0x06000000)];
    assert_int_equal(mmu_clear(pd, 0x06000000, &table), 0);
    assert_int_equal(table, 0);
    assert_int_equal(pd[PDX(0x06000000)], pde);
    assert_int_equal(*mmu_walk(pd, 0x06000000, 0, 0), 0x00200000 | PTE_U);
}

static void kernel_tables_are_never_given_back(void **state)
{
    (void)state;
    pde_t *pd = new_dir();
    static const uint32_t kernel[] = { 0x00001000, KWIN_BASE, KMAP_BASE };
    uint32_t table = 1;

    // The identity map, a kernel window, a kmap slot: each the only page
    // of its table, whose directory entry every directory shares.
    for (size_t i = 0; i < sizeof(kernel) / sizeof(kernel[0]); i++) {
        map(pd, kernel[i], 0x00300000, PTE_W);
        pde_t pde = pd[PDX(kernel[i])];
        assert_int_equal(mmu_clear(pd, kernel[i], &table), 0x00300000 | PTE_W | PTE_P);
        assert_int_equal(table, 0);
        assert_int_equal(pd[PDX(kernel[i])], pde);
    }
}

static void large_pages_reach_forty_bits(void **state)
{
    (void)state;
    pde_t pde = mmu_large_pde(0xE000000000ull, PTE_W | PTE_PCD | PTE_PWT);

    assert_int_equal(pde, 0xE0u << 13 | PTE_PS | PTE_PCD | PTE_PWT | PTE_W | PTE_P);
    assert_true(mmu_large_pde_addr(pde) == 0xE000000000ull);
    pde = mmu_large_pde(0x6001000000ull + 0x400000, PTE_W);
    assert_true(mmu_large_pde_addr(pde) == 0x6001400000ull);
    assert_int_equal(pde & 0xFFC00000u, 0x01400000u);
    assert_int_equal(pde >> 13 & 0xFF, 0x60);
    // Below 4 GiB it is a plain 4 MiB page.
    assert_int_equal(mmu_large_pde(0xB0000000ull, 0), 0xB0000000u | PTE_PS | PTE_P);
    // Every aligned address below 1 TiB round-trips; bit 12 (PAT) and the
    // high bits' neighbours stay clear.
    for (uint64_t pa = 0; pa < PSE36_LIMIT; pa += 0x1234000000ull + LARGE_PGSIZE) {
        pde = mmu_large_pde(pa, 0);
        assert_true(mmu_large_pde_addr(pde) == pa);
        assert_int_equal(pde & 0x00201000u, 0);
    }
}

static void large_pages_refuse_what_they_cannot_map(void **state)
{
    (void)state;
    assert_int_equal(mmu_large_pde(0xE000001000ull, PTE_W), 0);   // not 4 MiB aligned
    assert_int_equal(mmu_large_pde(PSE36_LIMIT, PTE_W), 0);       // past 40 bits
    assert_int_equal(mmu_large_pde(0xFFFFFFFFFFC00000ull, 0), 0);
}

static void lookup_ignores_a_large_page(void **state)
{
    (void)state;
    pde_t *pd = new_dir();

    pd[PDX(0xC0400000)] = mmu_large_pde(0xE000000000ull, PTE_W);
    assert_int_equal(mmu_lookup(pd, 0xC0400000), 0);
    assert_null(mmu_walk(pd, 0xC0401000, 1, 0));
    assert_int_equal(fake_used, 1);
}

// The dirty bit is taken once: reported and cleared, every other bit of
// the entry kept; a clean entry is left alone.
static void the_dirty_bit_is_taken_once(void **state)
{
    (void)state;
    pte_t e = 0x00123000 | PTE_P | PTE_W | PTE_U | PTE_A | PTE_D;

    assert_int_equal(mmu_take_dirty(&e), 1);
    assert_int_equal(e, 0x00123000 | PTE_P | PTE_W | PTE_U | PTE_A);
    assert_int_equal(mmu_take_dirty(&e), 0);
    assert_int_equal(e, 0x00123000 | PTE_P | PTE_W | PTE_U | PTE_A);
    e |= PTE_D;
    assert_int_equal(mmu_take_dirty(&e), 1);
    assert_int_equal(e & PTE_D, 0);
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
        cmocka_unit_test(a_task_has_pages_in_at_most_seven_regions),
        cmocka_unit_test_setup(walk_makes_a_table_only_when_asked, setup_fake),
        cmocka_unit_test_setup(walk_fails_cleanly_without_a_page_for_the_table, setup_fake),
        cmocka_unit_test_setup(a_user_page_makes_its_directory_entry_user, setup_fake),
        cmocka_unit_test_setup(lookup_grants_only_what_both_levels_grant, setup_fake),
        cmocka_unit_test_setup(lookup_of_what_is_not_mapped_is_zero, setup_fake),
        cmocka_unit_test_setup(clearing_the_last_user_page_gives_its_table_back, setup_fake),
        cmocka_unit_test_setup(a_not_present_entry_keeps_the_table, setup_fake),
        cmocka_unit_test_setup(kernel_tables_are_never_given_back, setup_fake),
        cmocka_unit_test(large_pages_reach_forty_bits),
        cmocka_unit_test(large_pages_refuse_what_they_cannot_map),
        cmocka_unit_test_setup(lookup_ignores_a_large_page, setup_fake),
        cmocka_unit_test(the_dirty_bit_is_taken_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

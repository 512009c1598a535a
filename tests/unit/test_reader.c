// The reader's bookkeeping (kernel/console/reader.c) against fakes of what it
// uses: page tables as lists of mappings, physical pages as host memory, a
// scheduler whose sched_yield is where the next vector-40 interrupt comes.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

// The reader itself, built into this file: sched_yield is also the C
// library's, which the sanitizers' own threads call, so the reader's call is
// renamed for the fake to catch it alone.
#define sched_yield fake_sched_yield
#include "console/reader.c"

#define FAKE_PAGES  8
#define FAKE_PA     0x10000000u          // fake physical address of page 0 of `phys`
#define BUFFER_PA   0x0F151000u          // the video buffer's fake frame
#define MAPS        16

// ---- fakes of the kernel the reader links with ---------------------------

struct config config;
struct task tasks[TASK_SLOTS];
struct task *current;
struct slot_cart *slot_inserted;

static uint32_t rtc_rate;                // what clock_set_reader_rate was told last
static char logged[256];                 // the last kprintf line

static uint8_t buffer[PGSIZE];
static uint8_t phys[FAKE_PAGES][PGSIZE];
static int page_used[FAKE_PAGES];
static int pages_allocated;              // ever, by mmu_next_free_task_page
static int fail_maps;                    // mmu_map_page fails while set

// One page directory per task: its mappings.
static struct dir {
    struct { uint32_t va, pa, attrs; } map[MAPS];
} dirs[TASK_SLOTS];

static struct dir *dir_of(const pde_t *pd)
{
    return (struct dir *)pd;
}

static int find(struct dir *d, uint32_t va)
{
    for (int i = 0; i < MAPS; i++)
        if (d->map[i].attrs && d->map[i].va == va)
            return i;
    return -1;
}

int mmu_map_page(pde_t *pd, uint32_t va, uint32_t pa, uint32_t attrs)
{
    struct dir *d = dir_of(pd);
    int i = find(d, va);

    if (fail_maps)
        return -1;
    if (i < 0)
        for (i = 0; d->map[i].attrs; i++)
            assert_true(i < MAPS - 1);
    d->map[i].va = va;
    d->map[i].pa = pa;
    d->map[i].attrs = attrs | PTE_P;
    return 0;
}

uint32_t mmu_unmap_page(pde_t *pd, uint32_t va)
{
    struct dir *d = dir_of(pd);
    int i = find(d, va);
    uint32_t pa;

    assert_true(va >= USER_BASE);        // never a kernel page
    if (i < 0)
        return 0;
    pa = d->map[i].pa;
    d->map[i].attrs = 0;
    return pa;
}

// The entry mapping va in task t's directory, or 0.
static uint32_t lookup(int t, uint32_t va)
{
    int i = find(&dirs[t], va);

    return i < 0 ? 0 : dirs[t].map[i].pa | dirs[t].map[i].attrs;
}

static uint8_t *page_at(uint32_t pa)
{
    if (pa == BUFFER_PA)
        return buffer;
    assert_true(pa >= FAKE_PA && pa < FAKE_PA + FAKE_PAGES * PGSIZE);
    assert_true(page_used[(pa - FAKE_PA) / PGSIZE]);
    return phys[(pa - FAKE_PA) / PGSIZE];
}

void *kmap(uint32_t pa)
{
    return page_at(pa);
}

void kunmap(void *va)
{
    (void)va;
}

uint32_t mmu_next_free_task_page(void)
{
    for (int i = 0; i < FAKE_PAGES; i++) {
        if (!page_used[i]) {
            page_used[i] = 1;
            pages_allocated++;
            memset(phys[i], 0, PGSIZE);
            return FAKE_PA + i * PGSIZE;
        }
    }
    return 0;
}

void palloc_free(uint32_t pa)
{
    int i = (pa - FAKE_PA) / PGSIZE;

    assert_true(pa >= FAKE_PA && i < FAKE_PAGES && page_used[i]);
    page_used[i] = 0;
}

static int pages_in_use(void)
{
    int n = 0;

    for (int i = 0; i < FAKE_PAGES; i++)
        n += page_used[i];
    return n;
}

void clock_set_reader_rate(uint32_t hz)
{
    rtc_rate = hz;
}

void kprintf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(logged, sizeof logged, fmt, ap);
    va_end(ap);
}

// What happens while the current task sleeps: by default the next frame
// arrives (the vector-40 interrupt).  A test may put something else first,
// e.g. another task's opendevice.
static void (*while_asleep)(void);
static int yields;
static jmp_buf ended;                    // where an ended task's sched_yield goes

static void frame_arrives(void)
{
    reader_interrupt();
}

void fake_sched_yield(void)
{
    struct task *me = current;
    void (*hook)(void) = while_asleep;

    yields++;
    assert_int_equal(me->state, TASK_BLOCKED);
    while_asleep = frame_arrives;
    hook();
    current = me;
    if (me->state == TASK_ZOMBIE)        // it never runs again
        longjmp(ended, 1);
    assert_int_equal(me->state, TASK_RUNNABLE);
}

// ---- the cartridge -------------------------------------------------------

#define FRAMES 3
static uint8_t image[PGSIZE * (1 + FRAMES)];
static struct slot_cart cart = { .name = "T.CART", .image = image, .valid = 1,
                                  .info = { .title = "Test", .fps = 30, .frame_count = FRAMES,
                                            .frames_offset = PGSIZE } };
static struct slot_cart blank = { .name = "BLANK.CART", .image = image, .valid = 1,
                                  .info = { .title = "Blank" } };

static int setup(void **state)
{
    (void)state;
    memset(dirs, 0, sizeof dirs);
    memset(page_used, 0, sizeof page_used);
    pages_allocated = fail_maps = yields = 0;
    reader_init(buffer, BUFFER_PA);
    for (int i = 0; i < TASK_SLOTS; i++) {
        tasks[i].state = TASK_RUNNABLE;
        tasks[i].pd = (pde_t *)&dirs[i];
    }
    for (int f = 0; f < FRAMES; f++)
        memset(image + PGSIZE * (1 + f), 0x10 + f, PGSIZE);
    slot_inserted = &cart;
    config.fps_set = 0;
    while_asleep = frame_arrives;
    return 0;
}

// Leaves the reader as a fresh boot has it: no task in it, and the next
// frame of `cart` the first.
static int teardown(void **state)
{
    (void)state;
    reader_init(buffer, BUFFER_PA);
    for (int i = 0; i < TASK_SLOTS; i++)
        reader_task_end(&tasks[i]);
    assert_int_equal(pages_in_use(), 0);
    slot_inserted = &blank;
    reader_interrupt();
    return 0;
}

// Task t calls int 90 with its access byte set to mode and ECX = va.
static int opendevice(int t, uint8_t mode, uint32_t va)
{
    current = &tasks[t];
    return reader_open(current, mode, va);
}

// closedevice always answers 0 (task/syscall.c); what it changes is tested.
static int closedevice(int t)
{
    current = &tasks[t];
    reader_close(current);
    return 0;
}

// Task t ends (exit, fault): what task_end tells the reader.
static void end(int t)
{
    reader_task_end(&tasks[t]);
    tasks[t].state = TASK_ZOMBIE;
}

// ---- tests ---------------------------------------------------------------

static void copy_address_rules(void **state)
{
    (void)state;
    static const uint32_t good[] = { 0x06000000, 0x06001000, 0x7FFFF000, 0xBABAA000,
                                     0xBABAC000, 0xBFFFF000 };
    static const uint32_t bad[] = { 0, 0x1000, 0x00ACC000, 0x05000000, 0x05400000, 0x05BFF000,
                                    0x05C00000, 0x05FFF000, 0x06000010, 0x06000FFF, 0xBABAB000,
                                    0xC0000000, 0xFFFFF000 };

    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(reader_copy_addr_ok(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(reader_copy_addr_ok(bad[i]));
}

static void refusals_return_at_once_and_change_nothing(void **state)
{
    (void)state;
    assert_int_equal(opendevice(0, READER_DMA, 0), 0);
    int before = yields;
    assert_int_equal(opendevice(0, 3, 0x06000000), -1);
    assert_int_equal(opendevice(0, 255, 0x06000000), -1);
    assert_int_equal(opendevice(0, READER_COPY, 0x06000010), -1);
    assert_int_equal(opendevice(0, READER_COPY, USER_DMA_PAGE), -1);
    assert_int_equal(opendevice(0, READER_COPY, 0x05400000), -1);
    assert_int_equal(opendevice(0, READER_NONE, 0), 0);
    assert_int_equal(yields, before);
    assert_int_equal(tasks[0].state, TASK_RUNNABLE);
    assert_int_equal(lookup(0, USER_DMA_PAGE), BUFFER_PA | PTE_P | PTE_U | PTE_SHARED);
    assert_int_equal(pages_allocated, 0);
}

static void dma_maps_the_buffer_read_only_until_closed(void **state)
{
    (void)state;
    assert_int_equal(closedevice(0), 0);                 // nothing open
    assert_int_equal(opendevice(0, READER_DMA, 0), 0);
    assert_int_equal(yields, 1);
    uint32_t pte = lookup(0, USER_DMA_PAGE);
    assert_int_equal(PTE_ADDR(pte), BUFFER_PA);
    assert_true(pte & PTE_U);
    assert_false(pte & PTE_W);
    assert_true(pte & PTE_SHARED);                       // freeing the task keeps the buffer
    assert_memory_equal(buffer, image + PGSIZE, PGSIZE); // frame 0 arrived
    assert_int_equal(closedevice(0), 0);
    assert_int_equal(lookup(0, USER_DMA_PAGE), 0);
    assert_int_equal(closedevice(0), 0);
}

static void copy_is_refreshed_until_closed_then_kept(void **state)
{
    (void)state;
    assert_int_equal(opendevice(1, READER_COPY, 0x06000000), 0);
    uint32_t pte = lookup(1, 0x06000000);
    assert_true(pte & PTE_U);
    assert_true(pte & PTE_W);
    assert_false(pte & PTE_SHARED);
    uint8_t *copy = page_at(PTE_ADDR(pte));
    assert_memory_equal(copy, image + PGSIZE, PGSIZE);

    // The task scribbles over its copy: the next frame replaces it, and the
    // buffer never sees the scribbles.
    memset(copy, 0xEE, PGSIZE);
    reader_interrupt();
    assert_memory_equal(copy, image + 2 * PGSIZE, PGSIZE);
    assert_memory_equal(buffer, image + 2 * PGSIZE, PGSIZE);

    assert_int_equal(closedevice(1), 0);
    reader_interrupt();
    reader_interrupt();
    assert_memory_equal(copy, image + 2 * PGSIZE, PGSIZE);
    assert_int_equal(lookup(1, 0x06000000), pte);
}

static void frames_loop_and_a_cartridge_without_frames_leaves_zeros(void **state)
{
    (void)state;
    for (int i = 0; i < 2 * FRAMES + 1; i++) {
        reader_interrupt();
        assert_memory_equal(buffer, image + PGSIZE * (1 + i % FRAMES), PGSIZE);
    }
    slot_inserted = &blank;
    reader_interrupt();
    for (int i = 0; i < PGSIZE; i++)
        assert_int_equal(buffer[i], 0);
    assert_int_equal(opendevice(2, READER_DMA, 0), 0);   // still signalled
    slot_inserted = &cart;                               // a new cartridge starts at frame 0
    reader_interrupt();
    assert_memory_equal(buffer, image + PGSIZE, PGSIZE);
}

static void one_copy_page_per_task_through_cycles_and_moves(void **state)
{
    (void)state;
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(opendevice(0, READER_COPY, 0x06000000), 0);
        assert_int_equal(closedevice(0), 0);
    }
    assert_int_equal(pages_allocated, 1);
    uint32_t page = PTE_ADDR(lookup(0, 0x06000000));

    // Moving the copy takes the page along; switching to DMA and back too.
    assert_int_equal(opendevice(0, READER_COPY, 0xBFFFF000), 0);
    assert_int_equal(lookup(0, 0x06000000), 0);
    assert_int_equal(PTE_ADDR(lookup(0, 0xBFFFF000)), page);
    assert_int_equal(opendevice(0, READER_DMA, 0), 0);
    assert_int_equal(PTE_ADDR(lookup(0, 0xBFFFF000)), page); // kept, not refreshed
    assert_int_equal(PTE_ADDR(lookup(0, USER_DMA_PAGE)), BUFFER_PA);
    assert_int_equal(opendevice(0, READER_COPY, 0x06000000), 0);
    assert_int_equal(lookup(0, USER_DMA_PAGE), 0);
    assert_int_equal(lookup(0, 0xBFFFF000), 0);
    assert_int_equal(PTE_ADDR(lookup(0, 0x06000000)), page);
    assert_int_equal(pages_allocated, 1);

    // Each task has its own.
    assert_int_equal(opendevice(1, READER_COPY, 0x06000000), 0);
    assert_int_not_equal(PTE_ADDR(lookup(1, 0x06000000)), page);
    assert_int_equal(pages_allocated, 2);
}

// Tasks 0 and 1 both asleep when the frame comes: one interrupt wakes both.
static void task1_opens_copy(void)
{
    assert_int_equal(opendevice(1, READER_COPY, 0x06000000), 0);
}

static void one_interrupt_wakes_every_waiting_task(void **state)
{
    (void)state;
    while_asleep = task1_opens_copy;
    assert_int_equal(opendevice(0, READER_DMA, 0), 0);
    assert_int_equal(yields, 2);
    assert_int_equal(tasks[0].state, TASK_RUNNABLE);
    assert_int_equal(tasks[1].state, TASK_RUNNABLE);
    assert_int_not_equal(lookup(0, USER_DMA_PAGE), 0);
    assert_int_not_equal(lookup(1, 0x06000000), 0);
}

// Task 0 is ended by someone else while it sleeps in opendevice (an eject),
// then a frame comes.
static void end_task0_then_frame(void)
{
    end(0);
    reader_interrupt();
}

static void ending_tasks_leave_the_reader_and_free_their_copy(void **state)
{
    (void)state;
    // Open in copy mode, then ended.
    assert_int_equal(opendevice(0, READER_COPY, 0x06000000), 0);
    assert_int_equal(pages_in_use(), 1);
    end(0);
    assert_int_equal(pages_in_use(), 0);
    assert_int_equal(lookup(0, 0x06000000), 0);

    // Open in DMA mode, then ended: the buffer is unmapped, never freed.
    tasks[0].state = TASK_RUNNABLE;
    assert_int_equal(opendevice(0, READER_DMA, 0), 0);
    end(0);
    assert_int_equal(lookup(0, USER_DMA_PAGE), 0);

    // Ended while asleep, before its first copy: the page it was given is
    // freed, and the frame that follows neither maps it nor wakes the task.
    for (uint8_t mode = READER_DMA; mode <= READER_COPY; mode++) {
        tasks[0].state = TASK_RUNNABLE;
        while_asleep = end_task0_then_frame;
        if (setjmp(ended) == 0) {
            opendevice(0, mode, 0x06000000);
            fail();
        }
        assert_int_equal(tasks[0].state, TASK_ZOMBIE);
        assert_int_equal(pages_in_use(), 0);
        assert_int_equal(lookup(0, 0x06000000), 0);
        assert_int_equal(lookup(0, USER_DMA_PAGE), 0);
    }
}

static void rates_round_to_the_rtc(void **state)
{
    (void)state;
    static const uint32_t rates[][2] = {
        { 0, CONFIG_FPS_DEFAULT }, { 1, 2 }, { 2, 2 }, { 3, 2 }, { 5, 4 }, { 8, 8 }, { 24, 16 },
        { 25, 32 }, { 30, 32 }, { 60, 64 }, { 100, 128 }, { 767, 512 }, { 769, 1024 },
        { 1024, 1024 },
    };
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
        assert_int_equal(reader_fps(rates[i][0]), rates[i][1]);
}

static void each_cartridge_plays_at_its_rate_unless_boot_cfg_says(void **state)
{
    (void)state;
    reader_interrupt();
    assert_int_equal(rtc_rate, 32);
    assert_string_equal(logged, "reader: \"Test\" at 32 frames per second (the cartridge's)\n");
    slot_inserted = &blank;
    reader_interrupt();
    assert_int_equal(rtc_rate, CONFIG_FPS_DEFAULT);
    assert_non_null(strstr(logged, "(the default)"));
    config.fps_set = 1;
    config.fps = 128;
    slot_inserted = &cart;
    reader_interrupt();
    assert_int_equal(rtc_rate, 128);
    assert_non_null(strstr(logged, "at 128 frames per second (BOOT.CFG)"));
}

static void a_failed_mapping_wakes_the_task_with_minus_one(void **state)
{
    (void)state;
    fail_maps = 1;
    assert_int_equal(opendevice(0, READER_DMA, 0), -1);
    assert_int_equal(opendevice(0, READER_COPY, 0x06000000), -1);
    fail_maps = 0;
    assert_int_equal(closedevice(0), 0);
    assert_int_equal(pages_allocated, 1);
}

static void without_a_video_buffer_every_open_is_refused(void **state)
{
    (void)state;
    reader_init(0, 0);
    assert_int_equal(opendevice(0, READER_DMA, 0), -1);
    assert_int_equal(opendevice(0, READER_COPY, 0x06000000), -1);
    assert_int_equal(yields, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(copy_address_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(refusals_return_at_once_and_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(dma_maps_the_buffer_read_only_until_closed, setup, teardown),
        cmocka_unit_test_setup_teardown(copy_is_refreshed_until_closed_then_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(frames_loop_and_a_cartridge_without_frames_leaves_zeros, setup, teardown),
        cmocka_unit_test_setup_teardown(one_copy_page_per_task_through_cycles_and_moves, setup, teardown),
        cmocka_unit_test_setup_teardown(one_interrupt_wakes_every_waiting_task, setup, teardown),
        cmocka_unit_test_setup_teardown(ending_tasks_leave_the_reader_and_free_their_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(rates_round_to_the_rtc, setup, teardown),
        cmocka_unit_test_setup_teardown(each_cartridge_plays_at_its_rate_unless_boot_cfg_says, setup, teardown),
        cmocka_unit_test_setup_teardown(a_failed_mapping_wakes_the_task_with_minus_one, setup, teardown),
        cmocka_unit_test_setup_teardown(without_a_video_buffer_every_open_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}

// The cartridge reader (seed 004), emulated.  The RTC's periodic interrupt
// plays the inserted cartridge's frames into the video buffer, one per
// interrupt, looping; deviceready() then serves the tasks.
//
// Each cartridge task has one entry in `clients`, by slot, and that table is
// the reader's whole state: which mode the task has open, whether it sleeps
// in opendevice, and its copy page.  Everything here runs with interrupts
// off (interrupt gates), so the table needs no lock.
#include <stdint.h>

#include "arch/x86.h"
#include "console/reader.h"
#include "console/slot.h"
#include "dev/clock.h"
#include "lib/config.h"
#include "lib/kprintf.h"
#include "lib/kstring.h"
#include "mm/mmu.h"
#include "mm/palloc.h"
#include "task/sched.h"
#include "task/task.h"

static struct client {
    uint8_t mode;                        // what is open: READER_NONE, _DMA or _COPY
    int waiting;                         // asleep in opendevice until the next frame
    int result;                          // what that opendevice returns
    uint32_t copy_page;                  // physical; 0 until the first copy-mode open
    uint32_t copy_va;                    // where the copy page is mapped (or will be)
} clients[TASK_SLOTS];

static uint8_t *video_buffer;            // in a kernel window; 0: none
static uint32_t video_buffer_pa;
static const struct slot_cart *playing;  // the cartridge whose frames are in the buffer
static uint32_t next_frame;              // the frame the next interrupt brings

void reader_init(uint8_t *va, uint32_t pa)
{
    video_buffer = va;
    video_buffer_pa = pa;
}

int reader_copy_addr_ok(uint32_t va)
{
    return va % PGSIZE == 0 && va >= USER_COPY_MIN && va <= USER_COPY_MAX &&
           va != USER_DMA_PAGE;
}

uint32_t reader_fps(uint32_t suggested)
{
    uint32_t fps = CONFIG_FPS_MIN;

    if (suggested == 0)
        return CONFIG_FPS_DEFAULT;
    // Up while 2 * fps is the nearer: suggested - fps > 2 * fps - suggested.
    while (fps < CONFIG_FPS_MAX && 2 * suggested > 3 * fps)
        fps *= 2;
    return fps;
}

int buffer_dma(pde_t *pd)
{
    // Read-only, so only the reader writes the buffer; shared, so freeing
    // the task's directory leaves the reader's page alone.
    return mmu_map_page(pd, USER_DMA_PAGE, video_buffer_pa, PTE_U | PTE_SHARED);
}

// From the video buffer to the copy page: the other way round would let a
// task write the buffer through its copy.
static void copy_frame(uint32_t phys)
{
    void *copy = kmap(phys);

    movsl(copy, video_buffer, PGSIZE / 4);
    kunmap(copy);
}

int buffer_copy(pde_t *pd, uint32_t phys, uint32_t virt)
{
    copy_frame(phys);
    return mmu_map_page(pd, virt, phys, PTE_U | PTE_W);
}

void deviceready(void)
{
    for (int i = 0; i < TASK_SLOTS; i++) {
        struct client *c = &clients[i];
        struct task *t = &tasks[i];

        if (c->waiting) {
            c->result = c->mode == READER_DMA ? buffer_dma(t->pd)
                                              : buffer_copy(t->pd, c->copy_page, c->copy_va);
            if (c->result < 0)
                c->mode = READER_NONE;
            c->waiting = 0;
            t->state = TASK_RUNNABLE;
        } else if (c->mode == READER_COPY) {
            // Mapped at the first frame already: only the bytes are new.
            copy_frame(c->copy_page);
        }
    }
}

// A cartridge that takes the slot gets its own rate, from its first frame,
// which it plays on a zeroed buffer (that stays zero if it has no frames).
static void start_playing(const struct slot_cart *cart)
{
    uint32_t fps = config.fps_set ? config.fps : reader_fps(cart->info.fps);

    playing = cart;
    next_frame = 0;
    memset(video_buffer, 0, PGSIZE);
    clock_set_reader_rate(fps);
    kprintf("reader: \"%s\" at %u frames per second (%s)\n", cart->info.title, fps,
            config.fps_set ? "BOOT.CFG" : cart->info.fps ? "the cartridge's" : "the default");
}

// The next frame of the inserted cartridge into the video buffer.
static void load_frame(void)
{
    const struct slot_cart *cart = slot_inserted;

    if (cart && cart != playing)
        start_playing(cart);
    if (!cart || cart->info.frame_count == 0)
        return;
    movsl(video_buffer, cart->image + cart->info.frames_offset + next_frame * CART_FRAME_SIZE,
          CART_FRAME_SIZE / 4);
    if (++next_frame == cart->info.frame_count)
        next_frame = 0;
}

void reader_interrupt(void)
{
    if (!video_buffer)
        return;
    load_frame();
    deviceready();
}

// Ends what t has open.  A copy stays mapped with its last frame; the DMA
// mapping goes (mmu_unmap_page invalidates the TLB entry when t is running;
// any other task gets a fresh TLB from the CR3 load of its next switch).
static void close_client(struct task *t, struct client *c)
{
    if (c->mode == READER_DMA)
        mmu_unmap_page(t->pd, USER_DMA_PAGE);
    c->mode = READER_NONE;
}

// Opening while open closes first, so a task switches modes (or moves its
// copy page) cleanly.  A refusal changes nothing.
int reader_open(struct task *t, uint8_t mode, uint32_t va)
{
    struct client *c = &clients[t - tasks];

    if (mode == READER_NONE)
        return 0;
    if (!video_buffer || (mode != READER_DMA && mode != READER_COPY))
        return -1;
    if (mode == READER_COPY) {
        if (!reader_copy_addr_ok(va))
            return -1;
        // One copy page per task, kept until the task ends.
        if (!c->copy_page) {
            if (!(c->copy_page = mmu_next_free_task_page()))
                return -1;
            kprintf("reader: task %s copy page at 0x%08x\n", t->name, c->copy_page);
        }
        if (c->copy_va && c->copy_va != va)
            mmu_unmap_page(t->pd, c->copy_va);
        c->copy_va = va;
    }
    close_client(t, c);
    c->mode = mode;
    c->waiting = 1;
    t->state = TASK_BLOCKED;
    sched_yield();
    return c->result;
}

void reader_close(struct task *t)
{
    close_client(t, &clients[t - tasks]);
}

uint32_t reader_copy_page(const struct task *t)
{
    const struct client *c = &clients[t - tasks];

    return c->copy_page ? c->copy_va : 0;
}

int reader_open_mode(const struct task *t)
{
    return clients[t - tasks].mode;
}

void reader_task_end(struct task *t)
{
    struct client *c = &clients[t - tasks];

    close_client(t, c);
    if (c->copy_va)
        mmu_unmap_page(t->pd, c->copy_va);
    if (c->copy_page)
        palloc_free(c->copy_page);
    *c = (struct client){ 0 };
}

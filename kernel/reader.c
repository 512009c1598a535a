// The cartridge reader (seed 004), emulated.  The RTC's periodic interrupt
// plays the inserted cartridge's frames into the video buffer, one per
// interrupt, looping; deviceready() then serves the tasks.
//
// Each cartridge task has one entry in `clients`, by slot, and that table is
// the reader's whole state: which mode the task has open, whether it sleeps
// in opendevice, and its copy page.  Everything here runs with interrupts
// off (interrupt gates), so the table needs no lock.
#include <stdint.h>

#include "kernel.h"
#include "kprintf.h"
#include "kstring.h"
#include "mmu.h"
#include "palloc.h"
#include "reader.h"
#include "rtc.h"
#include "sched.h"
#include "slot.h"
#include "task.h"
#include "uaccess.h"
#include "x86.h"

static struct client {
    uint8_t mode;                        // what is open: READER_NONE, _DMA or _COPY
    int waiting;                         // asleep in opendevice until the next frame
    int result;                          // what that opendevice returns
    uint32_t copy_page;                  // physical; 0 until the first copy-mode open
    uint32_t copy_va;                    // where the copy page is mapped (or will be)
} clients[TASK_SLOTS];

static const struct slot_cart *playing;  // the cartridge whose frames are in the buffer
static uint32_t next_frame;              // the frame the next interrupt brings

int reader_copy_addr_ok(uint32_t va)
{
    return va % PGSIZE == 0 && va >= READER_COPY_MIN && va <= READER_COPY_MAX &&
           va != READER_DMA_ADDR;
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
    return mmu_map_page(pd, READER_DMA_ADDR, (uint32_t)boot.video_buffer, PTE_U | PTE_SHARED);
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
    rtc_set_rate(fps);
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
static void close(struct task *t, struct client *c)
{
    if (c->mode == READER_DMA)
        mmu_unmap_page(t->pd, READER_DMA_ADDR);
    c->mode = READER_NONE;
}

// Opening while open closes first, so a task switches modes (or moves its
// copy page) cleanly.  A refusal changes nothing.
static int open(struct task *t, uint8_t mode, uint32_t va)
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
    close(t, c);
    c->mode = mode;
    c->waiting = 1;
    t->state = TASK_BLOCKED;
    sched_yield();
    return c->result;
}

void sys_opendevice(struct trapframe *tf)
{
    uint8_t mode;

    if (uaccess_read(current->pd, &mode, READER_ACCESS_ADDR, 1) < 0)
        tf->eax = (uint32_t)-1;
    else
        tf->eax = (uint32_t)open(current, mode, tf->ecx);
}

void sys_closedevice(struct trapframe *tf)
{
    close(current, &clients[current - tasks]);
    tf->eax = 0;
}

void reader_task_end(struct task *t)
{
    struct client *c = &clients[t - tasks];

    close(t, c);
    if (c->copy_va)
        mmu_unmap_page(t->pd, c->copy_va);
    if (c->copy_page)
        palloc_free(c->copy_page);
    *c = (struct client){ 0 };
}

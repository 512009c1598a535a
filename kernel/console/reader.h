// The cartridge reader of seed 004, emulated by the kernel (docs/exam-004.md):
// on every RTC periodic interrupt (vector 40) it puts the inserted
// cartridge's next frame in the video buffer, then deviceready() gives the
// tasks that asked, with opendevice, their DMA mapping or their copy of it.
#ifndef GENESIS_READER_H
#define GENESIS_READER_H

#include <stdint.h>

#include "mm/mmu.h"
#include "task/task.h"

// The values of the access-mode byte.
#define READER_NONE         0
#define READER_DMA          1
#define READER_COPY         2

// The video buffer: the RAM page the loader reserved (physical pa), mapped
// in a kernel window at va.  Without one (va 0) opendevice always fails.
void reader_init(uint8_t *va, uint32_t pa);

// Whether a task may have its copy page mapped at va: page aligned, from
// USER_COPY_MIN to USER_COPY_MAX, not the DMA page.
int reader_copy_addr_ok(uint32_t va);

// The rate for a cartridge that suggests `suggested` frames per second (0:
// none): the nearest the RTC has, a power of two from 2 to 1024 (the lower
// one on a tie), or CONFIG_FPS_DEFAULT.  BOOT.CFG's fps overrides it.
uint32_t reader_fps(uint32_t suggested);

// Seed 004, exercise 2: maps the video buffer at USER_DMA_PAGE in pd,
// user read-only.  0, or -1 when no kernel page is left for a page table.
int buffer_dma(pde_t *pd);

// Seed 004, exercise 2: copies the video buffer into the frame phys and maps
// phys at virt in pd, user writable.  0, or -1 as for buffer_dma.
int buffer_copy(pde_t *pd, uint32_t phys, uint32_t virt);

// Seed 004, exercise 1: the video buffer is full.  Every task waiting in
// opendevice gets its mapping or copy and is woken; every open copy is
// refreshed.
void deviceready(void);

// Vector 40: the next frame of the inserted cartridge into the video
// buffer, then deviceready().  The caller acknowledges the RTC and the PICs.
void reader_interrupt(void);

// opendevice (int 90) for task t, which is running, with the access-mode
// byte `mode` and the copy address va: t sleeps until the next frame has
// been mapped or copied for it.  0, or -1 at once for a refusal (no video
// buffer, a bad mode or address, no memory), which changes nothing.
int reader_open(struct task *t, uint8_t mode, uint32_t va);

// closedevice (int 91): removes t's DMA mapping, or stops refreshing its
// copy.
void reader_close(struct task *t);

// Where task t's copy page is mapped, or 0 while it holds none.
uint32_t reader_copy_page(const struct task *t);

// What task t has open: READER_NONE, READER_DMA or READER_COPY.
int reader_open_mode(const struct task *t);

// Task t is ending (task_end's hook): it leaves the reader, its DMA mapping
// is removed and its copy page unmapped and freed.
void reader_task_end(struct task *t);

#endif

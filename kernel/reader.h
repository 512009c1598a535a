// The cartridge reader of seed 004, emulated by the kernel (design.md): on
// every RTC periodic interrupt (vector 40) it puts the inserted cartridge's
// next frame in the video buffer, then deviceready() gives the tasks that
// asked, with opendevice, their DMA mapping or their copy of it.
#ifndef GENESIS_READER_H
#define GENESIS_READER_H

#include <stdint.h>

#include "mmu.h"
#include "task.h"
#include "trap.h"

#define READER_ACCESS_ADDR  0x00ACCE50   // the task's access-mode byte (acceso)
#define READER_DMA_ADDR     0xBABAB000   // DMA mode: the video buffer, user read-only
#define READER_COPY_MIN     0x06000000   // copy mode: the copy page goes page aligned in
#define READER_COPY_MAX     0xBFFFF000   //   [MIN, MAX], but not at READER_DMA_ADDR

// The values of the access-mode byte.
#define READER_NONE         0
#define READER_DMA          1
#define READER_COPY         2

// Whether a task may have its copy page mapped at va (design.md's rules).
int reader_copy_addr_ok(uint32_t va);

// The rate for a cartridge that suggests `suggested` frames per second (0:
// none): the nearest the RTC has, a power of two from 2 to 1024 (the lower
// one on a tie), or CONFIG_FPS_DEFAULT.  BOOT.CFG's fps overrides it.
uint32_t reader_fps(uint32_t suggested);

// Seed 004, exercise 2: maps the video buffer at READER_DMA_ADDR in pd,
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

// The services, int 90 and int 91 (docs/exam-004.md).
void sys_opendevice(struct trapframe *tf);
void sys_closedevice(struct trapframe *tf);

// Task t is ending: it leaves the reader, its DMA mapping is removed and its
// copy page unmapped and freed.
void reader_task_end(struct task *t);

#endif

// The run as a whole: what the boot sequence keeps, and how a run ends.
#ifndef GENESIS_KERNEL_H
#define GENESIS_KERNEL_H

#include <stdint.h>

#include "bootinfo.h"
#include "config.h"

#define HALT_NORMAL         0            // a normal end, max_ticks included
#define HALT_PANIC          1

#define QEMU_EXIT_PORT      0xF4         // QEMU's isa-debug-exit: exits with (value << 1) | 1
#define QEMU_EXIT_BASE      0x10         // + halt code: QEMU exits 33 (normal) or 35 (panic)

extern struct bootinfo boot;             // the loader's hand-off, copied into the kernel
extern struct config config;             // BOOT.CFG, parsed
extern uint8_t *video_buffer;            // the reader's 4 KB page in a kernel window, or 0

// Logs "genesis: halt code=<code>", tells QEMU to exit, then halts the CPU
// for good (a real PC stays there).
void end_run(int code) __attribute__((noreturn));

#endif

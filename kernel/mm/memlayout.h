// The address map: every page directory, the kernel's and each task's, has
// this shape.  The kernel's parts are supervisor only and shared by all
// directories; the rest is the task's own.  cartridges/sdk/genesis.h is the
// copy a game reads (tests/test_layers.py checks that the two agree).
//
//  0xFFFFFFFF +-----------------------------------+
//             | kmap slots: short-lived mappings  |  KMAP_BASE
//  0xFFC00000 +-----------------------------------+
//             | kernel windows, mapped at boot:   |
//             | framebuffer, cartridges, video    |
//             | buffer, LAPIC, IOAPIC             |
//  0xC0000000 +-----------------------------------+  KWIN_BASE = USER_END
//             | copy-mode pages (opendevice),     |  USER_COPY_MIN .. USER_COPY_MAX
//             | the DMA page at 0xBABAB000        |  USER_DMA_PAGE
//  0x06000000 +-----------------------------------+  USER_CONSOLE_END
//             | the pad page (read-only, shared)  |  USER_PAD_PAGE   0x05C01000
//             | the task's screen                 |  USER_SCREEN_PAGE
//  0x05C00000 +-----------------------------------+  USER_STACK_TOP = USER_CONSOLE_BASE
//             | stack, 16 KB; an unmapped guard   |
//             | page below it                     |
//  0x05BFC000 +-----------------------------------+
//             | (unmapped)                        |
//  0x05800000 +-----------------------------------+  USER_DATA_END
//             | data area, 0 to 1024 pages        |  USER_DATA_BASE (seed 000)
//  0x05400000 +-----------------------------------+
//             | (unmapped)                        |
//  0x05010000 +-----------------------------------+
//             | code window, 64 KB                |  USER_CODE_BASE (seed 000)
//  0x05000000 +-----------------------------------+
//             | (unmapped)                        |
//  0x04800000 +-----------------------------------+  USER_ROM_END
//             | the cartridge's header page       |  USER_ROM_HEADER  0x04781000
//             | its palette page                  |  USER_ROM_PALETTE
//  0x04780000 +-----------------------------------+
//             | ROM window: its frames, read-only |
//             | and shared, frame n at + n * 4 KB |  USER_ROM_BASE
//  0x04000000 +-----------------------------------+
//             | (unmapped)                        |
//  0x00ACD000 +-----------------------------------+
//             | the access page: byte 0x00ACCE50  |  USER_ACCESS_PAGE (seed 004)
//  0x00ACC000 +-----------------------------------+
//             | (unmapped)                        |
//  0x00400000 +-----------------------------------+  KERNEL_IDENTITY_END = USER_BASE
//             | kernel identity map: code, data,  |  (seed 001)
//             | kernel pool; page 0 unmapped      |
//  0x00000000 +-----------------------------------+
#ifndef GENESIS_MEMLAYOUT_H
#define GENESIS_MEMLAYOUT_H

// The kernel's parts.
#define KERNEL_IDENTITY_END 0x00400000   // 0-4 MiB, virtual = physical
#define KWIN_BASE           0xC0000000   // first kernel window
#define KMAP_BASE           0xFFC00000   // the last 4 MiB: kmap slots
#define KMAP_SLOTS          16           // temporary mappings at once

// A task's part.
#define USER_BASE           0x00400000   // lowest user address (= KERNEL_IDENTITY_END)
#define USER_END            0xC0000000   // first address past user space (= KWIN_BASE)
#define USER_ACCESS_PAGE    0x00ACC000   // holds the access-mode byte
#define USER_ACCESS_BYTE    0x00ACCE50   // seed 004's `acceso`: 0 none, 1 DMA, 2 copy
#define USER_ROM_BASE       0x04000000   // the ROM window: frame n of the inserted cartridge
                                         // at USER_ROM_BASE + n * PGSIZE, user read-only
#define USER_ROM_MAX_FRAMES 1920         // room for CART_MAX_FRAMES (abi/cart.h)
#define USER_ROM_PALETTE    0x04780000   // the cartridge's palette page, user read-only
#define USER_ROM_HEADER     0x04781000   // the cartridge's page 0 (its header), user read-only
#define USER_ROM_END        0x04800000   // two page tables hold the whole window
#define USER_CODE_BASE      0x05000000   // the code window (abi/cart.h: CART_CODE_BASE)
#define USER_CODE_SIZE      0x00010000   // 64 KB
#define USER_DATA_BASE      0x05400000   // the data area, page aligned, clear of the code
                                         // window (the seed's 0x0500FA00 lay inside it)
#define USER_DATA_MAX_PAGES 1024         // 4 MiB: one page table covers the whole area
#define USER_DATA_END       0x05800000   // first address past the data area
#define USER_STACK_TOP      0x05C00000   // ESP at a task's entry
#define USER_STACK_PAGES    4            // 16 KB, with an unmapped guard page below
#define USER_CONSOLE_BASE   0x05C00000   // the game console's pages, up to USER_CONSOLE_END
#define USER_SCREEN_PAGE    0x05C00000   // the task's screen, user writable
#define USER_PAD_PAGE       0x05C01000   // the pad page, user read-only, shared by all tasks
#define USER_CONSOLE_END    0x06000000
#define USER_COPY_MIN       0x06000000   // copy mode: the copy page goes page aligned in
#define USER_COPY_MAX       0xBFFFF000   //   [MIN, MAX], but not at USER_DMA_PAGE
#define USER_DMA_PAGE       0xBABAB000   // DMA mode: the video buffer, user read-only

#endif

// The Orga Génesis loader: a UEFI application that reads the kernel and the
// cartridges from the ESP, fills a struct bootinfo, leaves the firmware and
// long mode, and starts the 32-bit kernel.  See docs/boot.md.
#ifndef GENESIS_EFI_LOADER_H
#define GENESIS_EFI_LOADER_H

#include <stddef.h>
#include <efi.h>
#include <efilib.h>

#include "bootinfo.h"
#include "sha256.h"

#define PAGE_SIZE           4096
#define FOUR_GIB            0x100000000ull
#define PSE36_REACH         0x10000000000ull // 1 TiB: what the kernel's PSE-36 pages reach
#define PAGES(bytes)        (((bytes) + PAGE_SIZE - 1) / PAGE_SIZE)
#define PAGE_DOWN(a)        ((a) & ~(uint64_t)(PAGE_SIZE - 1))
#define PAGE_UP(a)          PAGE_DOWN((a) + PAGE_SIZE - 1)

// Memory the kernel keeps has this type; EDK2 accepts OS-loader types.
#define GENESIS_MEMTYPE     ((EFI_MEMORY_TYPE)BOOT_MEMTYPE_GENESIS)

// alloc.c: page allocations below 4 GiB, remembered so that a failed boot
// can give them back and the kernel's destination can be checked against them.
EFI_STATUS alloc_pages(EFI_MEMORY_TYPE type, UINTN pages, uint64_t *addr);
EFI_STATUS alloc_pages_at(EFI_MEMORY_TYPE type, UINTN pages, uint64_t addr);
void free_pages(uint64_t addr);
void free_all_pages(void);
int overlaps_allocation(uint64_t base, uint64_t end);

// esp.c: files on the EFI System Partition the loader came from.
union file_info {           // room for the longest FAT name, 255 characters
    EFI_FILE_INFO info;
    uint8_t bytes[offsetof(EFI_FILE_INFO, FileName) + 256 * sizeof(CHAR16)];
};
EFI_STATUS esp_open_root(EFI_HANDLE image, EFI_FILE_HANDLE *root);
EFI_STATUS file_info(EFI_FILE_HANDLE file, union file_info *fi);
EFI_STATUS file_open(EFI_FILE_HANDLE dir, CHAR16 *path, EFI_FILE_HANDLE *file,
                     union file_info *fi);
EFI_STATUS file_read(EFI_FILE_HANDLE file, void *buf, UINT64 bytes);
EFI_STATUS dir_open(EFI_FILE_HANDLE dir, CHAR16 *path, EFI_FILE_HANDLE *sub);
EFI_STATUS file_load(EFI_FILE_HANDLE dir, CHAR16 *path, void **buf, UINT64 *bytes);

// kernel.c: \GENESIS\KERNEL.ELF, a 32-bit i386 ELF executable.
struct kernel_image {
    uint64_t base, end;     // page-aligned physical range it runs from
    uint32_t entry;
    uint64_t staged;        // where it waits until ExitBootServices, 0 if in place
};
EFI_STATUS kernel_load(EFI_FILE_HANDLE root, struct kernel_image *k);

// secboot.c: under Secure Boot, only the kernel this loader was built with.
EFI_STATUS kernel_verify(CHAR16 *path, const uint8_t *file, UINT64 size);

// kernel_sha256.c, made by efi/efi.mk from the kernel the loader is built with.
extern const uint8_t kernel_sha256[SHA256_BYTES];

// carts.c: \CARTS\*.cart, loaded whole, in name order.
void carts_load(EFI_FILE_HANDLE root, struct bootinfo *bi);

// video.c: the GOP framebuffer and the seed's video-buffer page.
void video_choose_mode(struct boot_framebuffer *fb);
EFI_STATUS video_buffer_reserve(uint64_t *addr);

// memmap.c: the UEFI memory map, ExitBootServices, the usable ranges.
struct memmap {
    EFI_MEMORY_DESCRIPTOR *desc;
    UINTN bytes;            // filled part of desc
    UINTN capacity;         // allocated bytes of desc
    UINTN key;
    UINTN desc_size;        // stride between descriptors; not sizeof(*desc)
    UINT32 version;
};
EFI_STATUS memmap_alloc(struct memmap *m);
EFI_STATUS memmap_read(struct memmap *m);
void memmap_free(struct memmap *m);
int memmap_reclaimable(struct memmap *m, uint64_t base, uint64_t end);
EFI_STATUS memmap_exit_boot_services(EFI_HANDLE image, struct memmap *m);
void memmap_usable_ranges(struct memmap *m, struct bootinfo *bi);

// serial.c: COM1, the only output left after ExitBootServices.
void serial_init(void);
void serial_puts(const char *s);
void serial_hex(uint64_t v);
void serial_dec(uint64_t v);

// trampoline.asm: the code that leaves long mode.  The loader copies the
// whole blob to a page of its own and fills in this header at its start.
struct handoff {
    uint32_t entry;         // kernel entry point
    uint32_t magic;         // EAX at entry
    uint32_t bootinfo;      // EBX at entry
    uint32_t copy_from;     // staged kernel image, copied once paging is off
    uint32_t copy_to;
    uint32_t copy_bytes;    // a multiple of 4; 0 when the kernel is in place
} __attribute__((packed));
// trampoline.asm reads these through its struc handoff (resd each, in this
// order) and reserves handoff_size bytes for them at its start.
_Static_assert(offsetof(struct handoff, entry) == 0, "handoff.entry in trampoline.asm");
_Static_assert(offsetof(struct handoff, magic) == 4, "handoff.magic in trampoline.asm");
_Static_assert(offsetof(struct handoff, bootinfo) == 8, "handoff.bootinfo in trampoline.asm");
_Static_assert(offsetof(struct handoff, copy_from) == 12, "handoff.copy_from in trampoline.asm");
_Static_assert(offsetof(struct handoff, copy_to) == 16, "handoff.copy_to in trampoline.asm");
_Static_assert(offsetof(struct handoff, copy_bytes) == 20, "handoff.copy_bytes in trampoline.asm");
_Static_assert(sizeof(struct handoff) == 24, "handoff_size in trampoline.asm");

extern const uint8_t trampoline_start[], trampoline_enter[], trampoline_end[];
typedef void (*trampoline_fn)(void) __attribute__((noreturn));

#endif

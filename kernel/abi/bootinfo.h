// The hand-off from the loader (efi/, 64-bit) to the kernel (32-bit).
// Both sides include this header, so every field has a fixed width and the
// structure is packed: its layout is the same in long mode and protected mode.
#ifndef GENESIS_BOOTINFO_H
#define GENESIS_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

#define BOOT_MAGIC          0x47454E31u  // "GEN1" in EAX at kernel entry; EBX = &bootinfo
#define BOOT_VERSION        1

// Memory the loader allocates for the kernel's lifetime uses this UEFI memory
// type (the range 0x80000000+ is reserved for OS loaders), so the kernel can
// tell it apart from LoaderData, which becomes free once the kernel runs.
#define BOOT_MEMTYPE_GENESIS 0x80000047u

#define BOOT_MAX_MEMRANGES  128
#define BOOT_MAX_CARTS      16
#define BOOT_CONFIG_MAX     4096         // BOOT.CFG bytes kept (NUL-terminated)
#define BOOT_NAME_MAX       32           // "\CARTS\" file name, 8.3 or long, NUL-terminated

// Pixel formats, as UEFI's EFI_GRAPHICS_PIXEL_FORMAT.
#define BOOT_PIXEL_RGBX     0            // byte 0 red, 1 green, 2 blue
#define BOOT_PIXEL_BGRX     1            // byte 0 blue, 1 green, 2 red
#define BOOT_PIXEL_BITMASK  2            // masks below

struct boot_memrange {
    uint64_t base;                       // page aligned; RAM above 4 GiB too (the page
    uint64_t length;                     // allocator keeps below it); bytes, page multiple
    uint32_t uefi_type;                  // EfiConventionalMemory, EfiBootServicesData ...
    uint32_t reserved;
} __attribute__((packed));

struct boot_framebuffer {
    uint64_t base;                       // physical; above 4 GiB the kernel maps it with PSE-36
    uint64_t size;                       // bytes
    uint32_t width, height;              // visible pixels
    uint32_t stride;                     // pixels per scan line
    uint32_t format;                     // BOOT_PIXEL_*
    uint32_t red_mask, green_mask, blue_mask, reserved_mask; // BOOT_PIXEL_BITMASK only
} __attribute__((packed));

struct boot_cart {
    uint64_t base;                       // physical, page aligned, BOOT_MEMTYPE_GENESIS
    uint64_t size;                       // file size in bytes
    char     name[BOOT_NAME_MAX];        // file name inside \CARTS\ (ASCII)
} __attribute__((packed));

struct bootinfo {
    uint32_t magic;                      // BOOT_MAGIC
    uint32_t version;                    // BOOT_VERSION
    uint32_t size;                       // sizeof(struct bootinfo)
    uint32_t memrange_count;
    struct boot_memrange memrange[BOOT_MAX_MEMRANGES]; // usable RAM, in address order
    struct boot_framebuffer fb;          // fb.base == 0: no GOP
    uint64_t kernel_base, kernel_end;    // physical range the kernel image occupies
    uint64_t video_buffer;               // physical address of the 4 KB video buffer page
    uint64_t acpi_rsdp;                  // 0 when the firmware has none
    uint32_t cart_count;
    uint32_t config_length;              // bytes of config_text before the NUL
    struct boot_cart cart[BOOT_MAX_CARTS]; // in \CARTS\ name order
    char     config_text[BOOT_CONFIG_MAX]; // BOOT.CFG, NUL-terminated ("" when absent)
} __attribute__((packed));

// The loader (x86_64) and the kernel (i386) compile this header apart; no
// assembly reads it (entry.asm hands EBX to kernel_main as it came).  These
// pin the layout to one set of numbers in both, so a field whose size
// differs between the two ABIs (a long, a pointer, an enum) stops the
// build instead of shifting what the kernel reads.  magic, version and size
// stay first in every version: the kernel checks them before the rest.
_Static_assert(sizeof(struct boot_memrange) == 24, "boot_memrange layout");
_Static_assert(sizeof(struct boot_framebuffer) == 48, "boot_framebuffer layout");
_Static_assert(sizeof(struct boot_cart) == 16 + BOOT_NAME_MAX, "boot_cart layout");
_Static_assert(offsetof(struct bootinfo, magic) == 0, "bootinfo.magic");
_Static_assert(offsetof(struct bootinfo, version) == 4, "bootinfo.version");
_Static_assert(offsetof(struct bootinfo, size) == 8, "bootinfo.size");
_Static_assert(offsetof(struct bootinfo, memrange_count) == 12, "bootinfo.memrange_count");
_Static_assert(offsetof(struct bootinfo, memrange) == 16, "bootinfo.memrange");
_Static_assert(offsetof(struct bootinfo, fb) == 16 + BOOT_MAX_MEMRANGES * 24, "bootinfo.fb");
_Static_assert(offsetof(struct bootinfo, kernel_base) == 3136, "bootinfo.kernel_base");
_Static_assert(offsetof(struct bootinfo, kernel_end) == 3144, "bootinfo.kernel_end");
_Static_assert(offsetof(struct bootinfo, video_buffer) == 3152, "bootinfo.video_buffer");
_Static_assert(offsetof(struct bootinfo, acpi_rsdp) == 3160, "bootinfo.acpi_rsdp");
_Static_assert(offsetof(struct bootinfo, cart_count) == 3168, "bootinfo.cart_count");
_Static_assert(offsetof(struct bootinfo, config_length) == 3172, "bootinfo.config_length");
_Static_assert(offsetof(struct bootinfo, cart) == 3176, "bootinfo.cart");
_Static_assert(offsetof(struct bootinfo, config_text) == 3176 + BOOT_MAX_CARTS * (16 + BOOT_NAME_MAX),
               "bootinfo.config_text");
_Static_assert(sizeof(struct bootinfo) == 3944 + BOOT_CONFIG_MAX, "bootinfo size");

#endif

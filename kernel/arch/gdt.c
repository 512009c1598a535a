// The GDT: flat segments for rings 0 and 3, and TSS descriptors for the
// hardware task switching the clock does.
#include <stdint.h>

#include "arch/gdt.h"
#include "arch/tss.h"
#include "arch/x86.h"

// Access byte.
#define SEG_P               0x80         // present
#define SEG_DPL3            0x60         // usable from ring 3
#define SEG_S               0x10         // code or data, not a system segment
#define SEG_CODE            0x0A         // execute/read
#define SEG_DATA            0x02         // read/write
#define SEG_TSS32           0x09         // 32-bit TSS, available
#define SEG_TSS32_BUSY      0x0B         // 32-bit TSS, busy (the CPU sets bit 1)
#define SEG_TYPE            0x0F         // the type field of the access byte
#define SEG_EXEC            0x08         // a code segment (S set)
#define SEG_DPL_SHIFT       5

// Flags nibble.
#define SEG_G               0x8          // limit counts 4 KiB units
#define SEG_DB              0x4          // 32-bit segment

// Base 0, limit 0xFFFFF pages: the whole 4 GiB.
#define SEG_FLAT(access) \
    (0xFFFFull | (uint64_t)(access) << 40 | 0xFull << 48 | (uint64_t)(SEG_G | SEG_DB) << 52)

// The CPU writes the busy bit of TSS descriptors during task switches, so the
// table lives in writable data.
static uint64_t gdt[GDT_ENTRIES] = {
    [GDT_KCODE] = SEG_FLAT(SEG_P | SEG_S | SEG_CODE),
    [GDT_KDATA] = SEG_FLAT(SEG_P | SEG_S | SEG_DATA),
    [GDT_UCODE] = SEG_FLAT(SEG_P | SEG_DPL3 | SEG_S | SEG_CODE),
    [GDT_UDATA] = SEG_FLAT(SEG_P | SEG_DPL3 | SEG_S | SEG_DATA),
};

// Where the CPU saves the boot flow's registers when the clock first jumps to
// a task.  It always runs in ring 0, so it needs no ring-0 stack of its own.
static struct tss boot_tss = { .iomap = TSS_NO_IOMAP };

void gdt_set_tss(int index, struct tss *tss)
{
    uint32_t base = (uint32_t)tss;
    uint32_t limit = sizeof(*tss) - 1;

    gdt[index] = (uint64_t)(limit & 0xFFFF)
               | (uint64_t)(base & 0xFFFFFF) << 16
               | (uint64_t)(SEG_P | SEG_TSS32) << 40
               | (uint64_t)(limit >> 16 & 0xF) << 48
               | (uint64_t)(base >> 24) << 56;
}

void gdt_clear(int index)
{
    gdt[index] = 0;
}

struct tss *gdt_tss(int index)
{
    uint64_t d = gdt[index];

    if (index <= 0 || index >= GDT_ENTRIES || (d >> 40 & 0x9D) != (SEG_P | SEG_TSS32))
        return 0;
    return (struct tss *)(uint32_t)((d >> 16 & 0xFFFFFF) | (d >> 56 << 24));
}

void gdt_describe(int index, struct gdt_view *out)
{
    uint32_t access = gdt[index] >> 40 & 0xFF;
    uint32_t type = access & SEG_TYPE;

    out->dpl = access >> SEG_DPL_SHIFT & 3;
    if (!(access & SEG_P))
        out->kind = GDT_KIND_EMPTY;
    else if (access & SEG_S)
        out->kind = type & SEG_EXEC ? GDT_KIND_CODE : GDT_KIND_DATA;
    else if (type == SEG_TSS32)
        out->kind = GDT_KIND_TSS;
    else if (type == SEG_TSS32_BUSY)
        out->kind = GDT_KIND_TSS_BUSY;
    else
        out->kind = GDT_KIND_OTHER;
}

// A far jump is the only way to reload CS.
static inline void reload_segments(void)
{
    __asm__ volatile(
        "ljmp %0, $1f\n"
        "1:\n\t"
        "mov %w1, %%ds\n\t"
        "mov %w1, %%es\n\t"
        "mov %w1, %%fs\n\t"
        "mov %w1, %%gs\n\t"
        "mov %w1, %%ss"
        : : "i"(SEL_KCODE), "r"((uint16_t)SEL_KDATA) : "memory");
}

void gdt_init(void)
{
    struct pseudo_desc desc = { sizeof(gdt) - 1, (uint32_t)gdt };

    gdt_set_tss(GDT_TSS_BOOT, &boot_tss);
    lgdt(&desc);
    reload_segments();
    ltr(SEL_TSS(GDT_TSS_BOOT));
}

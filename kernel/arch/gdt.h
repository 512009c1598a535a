// The global descriptor table (arch/segment.h has its layout).
#ifndef GENESIS_GDT_H
#define GENESIS_GDT_H

#include "arch/segment.h"

struct tss;

// Loads the GDT, reloads every segment register and the task register
// (the boot TSS).
void gdt_init(void);

// Writes an available 32-bit TSS descriptor for tss into slot index.  A
// hardware task switch marks it busy; rewriting it clears that again.
void gdt_set_tss(int index, struct tss *tss);

// Empties slot index: a jmp far to its selector faults from now on.
void gdt_clear(int index);

// The TSS whose descriptor is in slot index, or 0 for a slot without one.
struct tss *gdt_tss(int index);

// What a GDT slot holds, for people (the inspector).
enum gdt_kind {
    GDT_KIND_EMPTY,                      // not present
    GDT_KIND_CODE,
    GDT_KIND_DATA,
    GDT_KIND_TSS,                        // an available 32-bit TSS
    GDT_KIND_TSS_BUSY,                   // a 32-bit TSS whose task runs or was jumped from
    GDT_KIND_OTHER,                      // a system descriptor this kernel never writes
};
struct gdt_view {
    enum gdt_kind kind;
    int dpl;                             // the ring that may use it
};

// Decodes slot index (below GDT_ENTRIES) as the CPU sees it now.
void gdt_describe(int index, struct gdt_view *out);

#endif

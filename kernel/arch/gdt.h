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

#endif

// The layout of the global descriptor table.  Indexes are fixed (assembly
// uses them too); a selector is index << 3 | RPL.
#ifndef GENESIS_SEGMENT_H
#define GENESIS_SEGMENT_H

#define GDT_KCODE           1            // ring-0 code, flat 4 GiB
#define GDT_KDATA           2            // ring-0 data and stack, flat 4 GiB
#define GDT_UCODE           3            // ring-3 code, flat 4 GiB
#define GDT_UDATA           4            // ring-3 data and stack, flat 4 GiB
#define GDT_TSS_BOOT        5            // the boot flow (kernel_main), loaded by ltr
#define GDT_TSS_IDLE        6            // the idle task
#define GDT_TSS_TASK        7            // tasks A-D: GDT_TSS_TASK + 0 .. GDT_TSS_TASK + 3
#define GDT_TASKS           4            // TSS slots for cartridge tasks
#define GDT_TSS_DFAULT      11           // the double-fault task (vector 8's task gate)
#define GDT_TSS_DISPLAY     12           // the display task (display.c)
#define GDT_ENTRIES         13

#define SEL_KCODE           (GDT_KCODE << 3)
#define SEL_KDATA           (GDT_KDATA << 3)
#define SEL_UCODE           (GDT_UCODE << 3 | 3)
#define SEL_UDATA           (GDT_UDATA << 3 | 3)
#define SEL_TSS(index)      ((index) << 3)

#endif

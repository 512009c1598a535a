// The interrupt descriptor table and the vectors the kernel uses.
#ifndef GENESIS_IDT_H
#define GENESIS_IDT_H

#include <stdint.h>

#define T_EXCEPTIONS        32           // vectors 0-31: CPU exceptions
#define T_DBLFLT            8            // double fault: a task gate (trap.c)
#define T_PGFLT             14           // page fault: CR2 holds the address
#define T_CLOCK             32           // PIT, IRQ 0
#define T_KBD               33           // PS/2 keyboard, IRQ 1
#define T_COM1              36           // COM1, IRQ 4: the log's wire wants more
#define T_PIC_SPURIOUS      39           // master 8259 spurious (IRQ 7 is masked)
#define T_RTC               40           // RTC periodic interrupt, IRQ 8
#define T_PIC2_SPURIOUS     47           // slave 8259 spurious (IRQ 15 is masked)
#define T_XHCI              48           // xHCI MSIs, through the LAPIC: past the 8259s' 32-47
#define T_SYSCALL_FIRST     88           // services: vectors 88 .. 88 + T_SYSCALLS - 1 (syscall.h)
#define T_SYSCALLS          10
#define T_LAPIC_SPURIOUS    255          // the LAPIC's spurious vector
#define IDT_ENTRIES         256

// Fills the IDT with the exceptions and interrupts above (all DPL 0) and
// loads it.  Vectors without a gate fault with #NP (#GP from ring 3).
void idt_init(void);

// Points vector at stub through a 32-bit interrupt gate (IF cleared on
// entry).  dpl 3 lets ring 3 raise it with int n; every other gate is DPL 0.
void idt_set_gate(int vector, void (*stub)(void), int dpl);

// Makes vector a task gate (DPL 0): the CPU switches to the TSS of selector.
void idt_set_task_gate(int vector, uint16_t selector);

// What an IDT entry holds, for people (the inspector).
enum idt_kind {
    IDT_KIND_EMPTY,                      // not present: the vector faults
    IDT_KIND_INTERRUPT,                  // a 32-bit interrupt gate
    IDT_KIND_TASK,                       // a task gate
    IDT_KIND_OTHER,                      // a gate this kernel never writes
};
struct idt_view {
    enum idt_kind kind;
    int dpl;                             // the lowest privilege that may int n to it
};

// Decodes the gate of vector (below IDT_ENTRIES) as the CPU sees it now.
void idt_describe(int vector, struct idt_view *out);

#endif

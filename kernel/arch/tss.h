// The 32-bit task-state segment, as the CPU reads and writes it on a
// hardware task switch (Intel SDM vol. 3, 8.2.1).  Each 16-bit selector field
// is followed by 16 reserved bits.  A jmp far to a TSS saves the registers in
// the current one and loads those of the next; only esp0/ss0 (and cr3,
// which the kernel never changes while a task runs) stay as written here.
#ifndef GENESIS_TSS_H
#define GENESIS_TSS_H

#include <stdint.h>

struct tss {
    uint16_t link, link_hi;              // previous task, for nested tasks only
    uint32_t esp0;                       // stack loaded on entry to ring 0
    uint16_t ss0, ss0_hi;
    uint32_t esp1;
    uint16_t ss1, ss1_hi;
    uint32_t esp2;
    uint16_t ss2, ss2_hi;
    uint32_t cr3;
    uint32_t eip;
    uint32_t eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint16_t es, es_hi;
    uint16_t cs, cs_hi;
    uint16_t ss, ss_hi;
    uint16_t ds, ds_hi;
    uint16_t fs, fs_hi;
    uint16_t gs, gs_hi;
    uint16_t ldt, ldt_hi;
    uint16_t trap;                       // bit 0: debug trap on switch
    uint16_t iomap;                      // I/O bitmap offset; >= limit means no bitmap
} __attribute__((packed));

// With the I/O bitmap offset past the segment limit, ring 3 at IOPL 0 may use
// no port at all.
#define TSS_NO_IOMAP        sizeof(struct tss)

// A ring-3 task about to start: CR3 = cr3, EIP = eip, ESP = esp, the
// general registers 0, EFLAGS = FL_IF (IOPL 0), user segments; interrupts
// from ring 3 switch to the ring-0 stack ending at esp0.
void tss_init_user(struct tss *tss, uint32_t cr3, uint32_t eip, uint32_t esp, uint32_t esp0);

// A ring-0 task about to start at entry on the stack ending at stack_top,
// in the page directory cr3 (the kernel's), with interrupts off.
void tss_init_kernel(struct tss *tss, void (*entry)(void), uint32_t stack_top, uint32_t cr3);

#endif

// What the interrupt stubs (vectors.asm) save on the stack before calling C.
#ifndef GENESIS_TRAP_H
#define GENESIS_TRAP_H

#include <stdint.h>

#include "arch/x86.h"

struct trapframe {
    // pushad, lowest address first
    uint32_t edi, esi, ebp;
    uint32_t esp_pushad;                 // ESP inside the stub: not the interrupted one
    uint32_t ebx, edx, ecx, eax;
    // the interrupted code's data segments (low 16 bits)
    uint32_t es, ds;
    uint32_t vector;
    uint32_t error;                      // the CPU's error code, or 0 where it pushes none
    // pushed by the CPU
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;                    // only when the trap came from user mode
    // Only from virtual-8086 mode, which a task can enter under QEMU's TCG
    // (an iretd with EFLAGS.VM from ring 3): the CPU saves the v86 segment
    // registers here and loads null into them.  The kill path reads none.
    uint32_t v86_es, v86_ds, v86_fs, v86_gs;
};

// Whether the trap interrupted a task rather than the kernel: ring 3, or
// virtual-8086 mode, whose CS is a real-mode segment with any low bits
// (0x0101 reads as ring 1) and which always runs at CPL 3.
static inline int trap_from_user(const struct trapframe *tf)
{
    return (tf->cs & 3) != 0 || (tf->eflags & FL_VM) != 0;
}

// Exceptions and the RTC: vectors.asm calls it with the frame above.
void trap(struct trapframe *tf);

// Vector 8 becomes a task gate to a double-fault task with its own stack.
// Needs the kernel page directory.
void trap_init(void);

#endif

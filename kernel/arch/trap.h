// What the interrupt stubs (vectors.asm) save on the stack before calling C.
#ifndef GENESIS_TRAP_H
#define GENESIS_TRAP_H

#include <stdint.h>

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
    uint32_t esp, ss;                    // only when the trap came from ring 3
};

// Exceptions and the RTC: vectors.asm calls it with the frame above.
void trap(struct trapframe *tf);

// Vector 8 becomes a task gate to a double-fault task with its own stack.
// Needs the kernel page directory.
void trap_init(void);

#endif

// Where every interrupt that is not the clock's fast path lands in C.
#include <stdint.h>

#include "idt.h"
#include "kprintf.h"
#include "pit.h"
#include "rtc.h"
#include "trap.h"
#include "x86.h"

static const char *const exception_names[T_EXCEPTIONS] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded",
    "invalid opcode", "device not available", "double fault", "coprocessor segment overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection", "page fault",
    "reserved vector 15", "x87 floating point", "alignment check", "machine check",
    "SIMD floating point", "virtualization", "control protection",
    "reserved vector 22", "reserved vector 23", "reserved vector 24", "reserved vector 25",
    "reserved vector 26", "reserved vector 27", "hypervisor injection",
    "VMM communication", "security", "reserved vector 31",
};

// Dumps the frame on the log (serial and screen), then panics.
static void trap_panic(const struct trapframe *tf)
{
    // Read first: a fault while reporting would overwrite it.
    uint32_t cr2 = rcr2();
    const char *name = tf->vector < T_EXCEPTIONS ? exception_names[tf->vector] : "interrupt";
    int ring = tf->cs & 3;
    // Within ring 0 the CPU pushes no ESP: the interrupted stack ends where
    // the frame would have held it.
    uint32_t esp = ring ? tf->esp : (uint32_t)&tf->esp;

    kprintf("trap: vector=%u (%s) ERR=0x%08x\n", tf->vector, name, tf->error);
    kprintf("trap: EIP=0x%08x CS=0x%04x EFLAGS=0x%08x ESP=0x%08x\n",
            tf->eip, tf->cs & 0xFFFF, tf->eflags, esp);
    kprintf("trap: CR2=0x%08x CR3=0x%08x DS=0x%04x ES=0x%04x\n",
            cr2, rcr3(), tf->ds & 0xFFFF, tf->es & 0xFFFF);
    kprintf("trap: EAX=0x%08x EBX=0x%08x ECX=0x%08x EDX=0x%08x\n",
            tf->eax, tf->ebx, tf->ecx, tf->edx);
    kprintf("trap: ESI=0x%08x EDI=0x%08x EBP=0x%08x\n", tf->esi, tf->edi, tf->ebp);
    panic("%s in ring %d vector=%u err=0x%08x eip=0x%08x cr2=0x%08x",
          name, ring, tf->vector, tf->error, tf->eip, cr2);
}

void trap(struct trapframe *tf)
{
    switch (tf->vector) {
    case T_CLOCK:
        pit_limit_reached();
        return;
    case T_RTC:
        rtc_interrupt();
        return;
    }
    trap_panic(tf);
}

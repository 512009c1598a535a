// Reading where the kernel keeps its descriptor tables: sgdt, sidt and str
// are not privileged, so without UMIP a task learns the addresses of the
// GDT and the IDT and the selector of its TSS; with UMIP (CR4.UMIP, where
// the CPU has it) each is a general-protection fault, error code 0.  The
// instruction is labelled `fault`; the task prints what it read and exits
// when it did not fault.
#include <format.h>
#include <genesis.h>

struct table_register {
    uint16_t limit;
    uint32_t base;
} __attribute__((packed));

// The 32-bit task-state segment, as the CPU reads and writes it on a
// hardware task switch (Intel SDM vol. 3, 8.2.1).  Each 16-bit selector field
// is followed by 16 reserved bits.
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

#endif

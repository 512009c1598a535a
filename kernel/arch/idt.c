// The IDT: CPU exceptions, the interrupts the console uses, and the
// spurious vectors the interrupt controllers may raise.
#include <stdint.h>

#include "arch/gdt.h"
#include "arch/idt.h"
#include "arch/x86.h"

#define GATE_P              0x80         // present
#define GATE_INT32          0x0E         // 32-bit interrupt gate: IF cleared on entry
#define GATE_TASK           0x05         // task gate: a hardware task switch
#define GATE_TYPE           0x1F         // the type field, with the S bit (0 for gates)
#define GATE_DPL_SHIFT      5

// The stubs, in vectors.asm and clock.asm.
extern void (*const exception_stubs[T_EXCEPTIONS])(void);
extern void clock_probe_stub(void), kbd_stub(void), com1_stub(void), rtc_stub(void),
            spurious_stub(void), pic2_spurious_stub(void);

static uint64_t idt[IDT_ENTRIES];

void idt_set_gate(int vector, void (*stub)(void), int dpl)
{
    uint32_t offset = (uint32_t)stub;

    idt[vector] = (uint64_t)(offset & 0xFFFF)
                | (uint64_t)SEL_KCODE << 16
                | (uint64_t)(GATE_P | dpl << 5 | GATE_INT32) << 40
                | (uint64_t)(offset >> 16) << 48;
}

void idt_set_task_gate(int vector, uint16_t selector)
{
    idt[vector] = (uint64_t)selector << 16 | (uint64_t)(GATE_P | GATE_TASK) << 40;
}

void idt_describe(int vector, struct idt_view *out)
{
    uint32_t access = idt[vector] >> 40 & 0xFF;

    out->dpl = access >> GATE_DPL_SHIFT & 3;
    if (!(access & GATE_P))
        out->kind = IDT_KIND_EMPTY;
    else if ((access & GATE_TYPE) == GATE_INT32)
        out->kind = IDT_KIND_INTERRUPT;
    else if ((access & GATE_TYPE) == GATE_TASK)
        out->kind = IDT_KIND_TASK;
    else
        out->kind = IDT_KIND_OTHER;
}

void idt_init(void)
{
    struct pseudo_desc desc = { sizeof(idt) - 1, (uint32_t)idt };

    for (int vector = 0; vector < T_EXCEPTIONS; vector++)
        idt_set_gate(vector, exception_stubs[vector], 0);
    // dev/clock.c measures the clock through trap(), then gives the vector
    // to clock.asm's stub.
    idt_set_gate(T_CLOCK, clock_probe_stub, 0);
    idt_set_gate(T_KBD, kbd_stub, 0);
    idt_set_gate(T_COM1, com1_stub, 0);
    idt_set_gate(T_RTC, rtc_stub, 0);
    idt_set_gate(T_PIC_SPURIOUS, spurious_stub, 0);
    idt_set_gate(T_PIC2_SPURIOUS, pic2_spurious_stub, 0);
    idt_set_gate(T_LAPIC_SPURIOUS, spurious_stub, 0);
    lidt(&desc);
}

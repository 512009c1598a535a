// The 8259A pair, in the PC's cascade: the slave on the master's IRQ 2.
#include <stdint.h>

#include "arch/idt.h"
#include "arch/x86.h"
#include "dev/pic.h"
#include "lib/kprintf.h"

#define ICW1_INIT           0x11         // edge triggered, cascade, ICW4 follows
#define ICW3_MASTER         (1 << IRQ_CASCADE) // which master input has a slave
#define ICW3_SLAVE          IRQ_CASCADE  // the slave's own cascade identity
#define ICW4_8086           0x01         // 8086 mode, normal EOI
#define OCW3_READ_IRR       0x0A         // the command port reads the request register next

// The vectors the IDT gives the 8259s' interrupts are where the remapping
// puts them.
_Static_assert(T_CLOCK == PIC1_VECTOR + IRQ_PIT, "clock vector");
_Static_assert(T_KBD == PIC1_VECTOR + IRQ_KBD, "keyboard vector");
_Static_assert(T_COM1 == PIC1_VECTOR + IRQ_COM1, "COM1 vector");
_Static_assert(T_PIC_SPURIOUS == PIC1_VECTOR + 7, "master spurious vector");
_Static_assert(T_RTC == PIC2_VECTOR + IRQ_RTC - 8, "RTC vector");
_Static_assert(T_PIC2_SPURIOUS == PIC2_VECTOR + 7, "slave spurious vector");

// One bit per IRQ, 1 = masked; bits 8-15 are the slave's.
static uint16_t irq_mask = 0xFFFF;

static void write_masks(void)
{
    outb(PIC1_DATA, irq_mask & 0xFF);
    outb(PIC2_DATA, irq_mask >> 8);
}

void pic_init(void)
{
    outb(PIC1_DATA, 0xFF);
    outb(PIC2_DATA, 0xFF);
    outb(PIC1_CMD, ICW1_INIT);
    outb(PIC2_CMD, ICW1_INIT);
    outb(PIC1_DATA, PIC1_VECTOR);
    outb(PIC2_DATA, PIC2_VECTOR);
    outb(PIC1_DATA, ICW3_MASTER);
    outb(PIC2_DATA, ICW3_SLAVE);
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    write_masks();
    kprintf("pic: 8259 IRQ 0-7 on vectors %u-%u, IRQ 8-15 on %u-%u, all masked\n",
            PIC1_VECTOR, PIC1_VECTOR + 7, PIC2_VECTOR, PIC2_VECTOR + 7);
}

void pic_enable(int irq)
{
    irq_mask &= ~(1u << irq);
    if (irq >= 8)
        irq_mask &= ~(1u << IRQ_CASCADE);
    write_masks();
}

void pic_disable(int irq)
{
    irq_mask |= 1u << irq;
    write_masks();
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

int pic_pending(int irq)
{
    uint16_t port = irq >= 8 ? PIC2_CMD : PIC1_CMD;

    outb(port, OCW3_READ_IRR);
    return inb(port) >> (irq & 7) & 1;
}

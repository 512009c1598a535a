// The two cascaded 8259A interrupt controllers.
#ifndef GENESIS_PIC_H
#define GENESIS_PIC_H

#define PIC1_CMD            0x20         // master: command port
#define PIC1_DATA           0x21         // master: data port (interrupt mask)
#define PIC2_CMD            0xA0         // slave: command port
#define PIC2_DATA           0xA1         // slave: data port (interrupt mask)
#define PIC_EOI             0x20         // non-specific end of interrupt

#define PIC1_VECTOR         0x20         // IRQ 0-7 -> vectors 32-39, clear of the exceptions
#define PIC2_VECTOR         0x28         // IRQ 8-15 -> vectors 40-47

#define IRQ_PIT             0            // PIT channel 0
#define IRQ_KBD             1            // the 8042's first port: the keyboard
#define IRQ_CASCADE         2            // the master input the slave is wired to
#define IRQ_COM1            4            // COM1's UART: its transmitter is empty
#define IRQ_RTC             8            // RTC, on the slave

// Remaps both chips to PIC1_VECTOR/PIC2_VECTOR with every IRQ masked.
void pic_init(void);

// Unmasks irq (and the cascade, for a slave IRQ).
void pic_enable(int irq);

// Masks irq (the cascade stays as it is).
void pic_disable(int irq);

// Ends irq: the slave's IRQs need an EOI on both chips.
void pic_eoi(int irq);

// Whether irq has been raised and the CPU has not taken it yet (its bit in
// the chip's interrupt request register).
int pic_pending(int irq);

#endif

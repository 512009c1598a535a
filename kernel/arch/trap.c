// Where the exceptions and the RTC, keyboard, COM1 and xHCI interrupts land in C
// (the clock and the services have paths of their own).  Like xv6's trap.c
// it is a dispatch point: it knows every layer, so the drivers need not know
// the game console.  An exception in a task (ring 3, or virtual-8086 mode) kills
// the task that raised it; one in ring 0 is a kernel bug: register dump and
// panic.
// A double fault has a task of its own, so even a kernel stack overflow
// gives a dump rather than a triple fault.
#include <stdint.h>

#include "arch/gdt.h"
#include "arch/idt.h"
#include "arch/trap.h"
#include "arch/tss.h"
#include "arch/x86.h"
#include "console/input.h"
#include "console/slot.h"
#include "dev/clock.h"
#include "dev/kbd.h"
#include "dev/lapic.h"
#include "dev/pic.h"
#include "dev/serial.h"
#include "dev/usb/xhci.h"
#include "lib/config.h"
#include "lib/kprintf.h"
#include "lib/timeline.h"
#include "task/sched.h"
#include "task/task.h"

#define DFAULT_STACK_SIZE   4096

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

static const char *name_of(uint32_t vector)
{
    return vector < T_EXCEPTIONS ? exception_names[vector] : "interrupt";
}

// The registers a dump shows, from a trap frame or from a TSS.
struct dump {
    uint32_t eip, cs, eflags, esp, ss, cr3, ds, es;
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
};

static void log_dump(const struct dump *d)
{
    kprintf("trap: EIP=0x%08x CS=0x%04x EFLAGS=0x%08x ESP=0x%08x SS=0x%04x\n",
            d->eip, d->cs & 0xFFFF, d->eflags, d->esp, d->ss & 0xFFFF);
    kprintf("trap: CR2=0x%08x CR3=0x%08x DS=0x%04x ES=0x%04x\n",
            rcr2(), d->cr3, d->ds & 0xFFFF, d->es & 0xFFFF);
    kprintf("trap: EAX=0x%08x EBX=0x%08x ECX=0x%08x EDX=0x%08x\n",
            d->eax, d->ebx, d->ecx, d->edx);
    kprintf("trap: ESI=0x%08x EDI=0x%08x EBP=0x%08x\n", d->esi, d->edi, d->ebp);
}

// The task's log line (the kill line of docs/kernel.md), then it ends.
// CR2 means something for page faults only; other faults show 0 there.
// When the cartridge carries symbols, the function holding EIP follows it.
static void kill_current(const struct trapframe *tf)
{
    uint32_t cr2 = tf->vector == T_PGFLT ? rcr2() : 0;
    char ending[TASK_ENDING_MAX], where[CART_SYMBOL_NAME_MAX + 16] = "";
    const char *function;
    uint32_t offset;

    if (slot_symbol(current->name[0], tf->eip, &function, &offset))
        ksnprintf(where, sizeof(where), " (%s+0x%x)", function, offset);
    ksnprintf(ending, sizeof(ending), "killed %s vector=%u err=0x%08x eip=0x%08x%s cr2=0x%08x",
              name_of(tf->vector), tf->vector, tf->error, tf->eip, where, cr2);
    task_note_fault(current, tf->vector, tf->eip, cr2);
    task_end(current, END_KILLED, ending);
    sched_exit();
}

// Dumps the frame of a trap in the kernel on the log (serial and screen),
// then panics.
static void trap_panic(const struct trapframe *tf)
{
    // Read first: a fault while reporting would overwrite it.
    uint32_t cr2 = rcr2();
    // Within ring 0 the CPU pushes no ESP or SS: the interrupted stack ends
    // where the frame would have held them, on the kernel's stack segment.
    struct dump d = {
        tf->eip, tf->cs, tf->eflags, (uint32_t)&tf->esp, SEL_KDATA, rcr3(), tf->ds, tf->es,
        tf->eax, tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi, tf->ebp,
    };

    kprintf("trap: vector=%u (%s) ERR=0x%08x\n", tf->vector, name_of(tf->vector), tf->error);
    log_dump(&d);
    panic("%s in ring 0 vector=%u err=0x%08x eip=0x%08x cr2=0x%08x",
          name_of(tf->vector), tf->vector, tf->error, tf->eip, cr2);
}

// The timeline's event for a trap: an interrupt, or a fault with its EIP.
// The boot flow has no current task yet.
static void record_trap(const struct trapframe *tf)
{
    uint32_t task = current ? (uint32_t)current->gdt_index : GDT_TSS_BOOT;

    if (tf->vector < T_EXCEPTIONS)
        timeline_event(TL_FAULT, task, tf->vector, tf->eip);
    else
        timeline_event(TL_INTERRUPT, task, tf->vector, ticks);
}

void trap(struct trapframe *tf)
{
    int byte;

    if (timeline_on)
        record_trap(tf);
    switch (tf->vector) {
    case T_CLOCK:
        clock_probe_interrupt();
        return;
    case T_RTC:
        // The cartridge reader's "buffer full" (seed 004), from the RTC's
        // periodic interrupt or HPET timer 1: the next frame, then
        // deviceready().
        if (config.trace)
            kprintf("trace: tick=%u reader interrupt\n", ticks);
        clock_reader_interrupt();
        pic_eoi(IRQ_RTC);
        return;
    case T_KBD:
        byte = kbd_interrupt();
        if (byte >= 0)
            input_ps2_byte(byte);
        return;
    case T_XHCI:
        // An MSI: the LAPIC holds its vector in service until the EOI,
        // whatever the controllers had to say.
        xhci_interrupt();
        lapic_eoi();
        return;
    case T_COM1:
        // The log's wire has room: the next bytes waiting for it.
        serial_interrupt();
        pic_eoi(IRQ_COM1);
        return;
    }
    if (trap_from_user(tf))
        kill_current(tf);
    trap_panic(tf);
}

// The double-fault task: its own TSS and stack, reached through a task
// gate, so it starts clean whatever state the faulting code left.
static struct tss dfault_tss __attribute__((aligned(128)));
static uint8_t dfault_stack[DFAULT_STACK_SIZE] __attribute__((aligned(16)));

// Entered by the task switch with the error code (always 0) on its stack.
// The back link names the TSS that holds the faulting registers.
static void double_fault(void)
{
    uint16_t link = dfault_tss.link;
    const struct tss *t = gdt_tss(link >> 3);

    kprintf("trap: vector=8 (double fault) in the task of TSS selector 0x%04x\n", link);
    if (t) {
        struct dump d = {
            t->eip, t->cs, t->eflags, t->esp, t->ss, t->cr3, t->ds, t->es,
            t->eax, t->ebx, t->ecx, t->edx, t->esi, t->edi, t->ebp,
        };
        log_dump(&d);
    }
    panic("double fault vector=8 eip=0x%08x esp=0x%08x cr2=0x%08x",
          t ? t->eip : 0, t ? t->esp : 0, rcr2());
}

void trap_init(void)
{
    tss_init_kernel(&dfault_tss, double_fault, (uint32_t)dfault_stack + DFAULT_STACK_SIZE, rcr3());
    gdt_set_tss(GDT_TSS_DFAULT, &dfault_tss);
    idt_set_task_gate(T_DBLFLT, SEL_TSS(GDT_TSS_DFAULT));
}

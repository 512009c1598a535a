// Tasks: the four of the inserted cartridge (A-D) and the kernel's own
// (the idle task).  Each runs under its own TSS, switched by the CPU.
#ifndef GENESIS_TASK_H
#define GENESIS_TASK_H

#include <stdint.h>

#include "abi/cart.h"
#include "arch/tss.h"
#include "mm/mmu.h"

#define TASK_SLOTS          CART_MAX_TASKS // cartridge tasks: slot i is letter 'A' + i
#define TASK_NAME_MAX       8
#define TASK_ENDING_MAX     160          // "killed page fault vector=14 err=... eip=0x... (function+0x...) cr2=0x..."

enum task_state {
    TASK_FREE,                           // the slot holds no task
    TASK_RUNNABLE,                       // the scheduler may pick it
    TASK_BLOCKED,                        // waits for an event; whoever sets it wakes it
    TASK_ZOMBIE,                         // ended: never runs again; the idle task frees it
};

// How a task ended; its `ending` text says the same for people.
enum task_end_cause {
    END_NONE,                            // it has not ended (or never started)
    END_EXITED,                          // the exit service
    END_KILLED,                          // a fault in ring 3
    END_EJECTED,                         // its cartridge left the slot
    END_RESTARTED,                       // its cartridge was started afresh
};

// Pages a task gets besides its code and stack (the game console's screen,
// pad page and ROM window): `pages` pages from va on, fresh zeroed frames
// when pa is 0, else the frames from pa on, which the task does not own
// when attrs has PTE_SHARED.
struct task_page {
    uint32_t va;
    uint32_t pa;
    uint32_t attrs;
    uint32_t pages;
};
// A task's last fault: what killed it (arch/trap.c tells task_note_fault).
struct task_fault {
    uint32_t vector;                     // 0 with tick 0: none yet
    uint32_t eip, cr2;                   // cr2: the address, for a page fault
    uint32_t tick;                       // the clock tick it came at
};

struct task {
    // The CPU saves the task's registers here on every switch away from it.
    // 128-byte alignment keeps the 104 bytes inside one page.
    struct tss tss __attribute__((aligned(128)));
    enum task_state state;
    char name[TASK_NAME_MAX];            // "A" .. "D", "idle": the log's "task <name>:"
    int gdt_index;                       // its TSS descriptor's slot
    uint16_t selector;                   // SEL_TSS(gdt_index): what jmp far takes
    pde_t *pd;                           // its page directory (kernel_dir for a kernel task)
    uint32_t kstack;                     // a cartridge task's ring-0 stack page
    uint32_t data_pages;                 // pages of its data area (dataarea.c); 0 at start
    uint32_t code_pages;                 // pages of its code window: text, data, .bss
    // What the inspector shows; fresh for each task but the fault, which
    // stays with the slot so a restart does not hide why the task died.
    uint64_t cpu_tsc;                    // TSC cycles it has held the CPU (sched.c)
    uint32_t services;                   // services it has called (syscall.c)
    struct task_fault last_fault;
    enum task_end_cause end_cause;
    char ending[TASK_ENDING_MAX];        // how it ended, as its log line says after
                                         // "task L: " ("" while it runs): the display shows it
};

extern struct task tasks[TASK_SLOTS];    // the cartridge tasks, by letter

// Seed 001: a new page directory for task t of the cartridge image: the
// kernel's entries (supervisor only), t's pages copied from image through a
// kmap slot (text user read-only, data and .bss user writable, the .bss
// zeroed), USER_STACK_PAGES of stack below USER_STACK_TOP with the page
// under them unmapped, the access page zeroed, then the n runs of extra
// pages, the data area empty.  0 when memory runs out, with nothing left allocated.
pde_t *mmu_init_task_dir(const uint8_t *image, const struct cart_task *t,
                         const struct task_page *extra, uint32_t n);

// Starts task t of the cartridge image with the n runs of extra pages: a page
// directory (mmu_init_task_dir), a ring-0 stack page, its TSS and
// descriptor; it is runnable from now on.  Logs "task L: started eip=..."
// and returns 0, or logs why not and returns -1 (nothing is left allocated
// then).
int task_create(const uint8_t *image, const struct cart_task *t, const struct task_page *extra,
                uint32_t n);

// Makes t a ring-0 task named name, runnable, that starts at entry on the
// stack ending at stack_top, with its TSS in GDT slot gdt_index.
void task_init_kernel(struct task *t, const char *name, int gdt_index, void (*entry)(void),
                      uint32_t stack_top);

// Whether t exists and has not ended: runnable or blocked.
static inline int task_is_live(const struct task *t)
{
    return t->state == TASK_RUNNABLE || t->state == TASK_BLOCKED;
}

// What else must let go of a task when it ends (the game console's reader
// holds mappings in it): called by task_end before anything is freed.
void task_set_end_hook(void (*hook)(struct task *t));

// Ends cartridge task t for good: it never runs again, and the idle task
// frees what it held.  Logs "task L: <ending>" (the cause and its text,
// which task_end keeps for the display).  A task that ends itself then
// leaves the CPU with sched_exit.
void task_end(struct task *t, enum task_end_cause cause, const char *ending);

// Where a cartridge task is in its own code: the EIP and ESP it will go on
// with in ring 3.
struct task_regs {
    uint32_t eip, esp;
};

// Task t's ring-3 registers: from its TSS when the clock stopped it in ring
// 3, else (it is inside a service) from the frame the CPU pushed at the top
// of its ring-0 stack when it entered the kernel.  t must be live and not
// the running task.
void task_user_regs(const struct task *t, struct task_regs *out);

// Cartridge task t, running, faulted in ring 3 at eip (the address cr2 for a
// page fault): kept as its slot's last fault.
void task_note_fault(struct task *t, uint32_t vector, uint32_t eip, uint32_t cr2);

// Frees every ended task: its page directory with all its pages, its ring-0
// stack, its TSS descriptor.  The idle task calls it, never a task on the
// ring-0 stack being freed.
void task_reap(void);

// How many cartridge tasks exist (runnable, blocked or not yet reaped).
int task_count(void);

#endif

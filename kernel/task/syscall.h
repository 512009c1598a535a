// The services tasks call with `int n` (docs/abi.md; cartridges/sdk/genesis.h
// has the wrappers).  Arguments and results travel in registers; every
// register but the results is preserved.
#ifndef GENESIS_SYSCALL_H
#define GENESIS_SYSCALL_H

#include "arch/idt.h"
#include "arch/trap.h"

#define SYS_SET_DATA_LIMIT  88           // EAX = pages -> EAX = pages now (dataarea.c)
#define SYS_READ_DATA       89           // EAX = letter, EBX = offset -> ECX = byte, EDX = 1 or 0
#define SYS_OPENDEVICE      90           // mode in the access byte, ECX = copy address -> EAX = 0 or -1
#define SYS_CLOSEDEVICE     91           // -> EAX = 0
#define SYS_PRINT           92           // EAX = string address -> EAX = 0 or -1
#define SYS_EXIT            93           // EAX = status; does not return
#define SYS_YIELD           94           // -> EAX = 0, once the task runs again
#define SYS_TICKS           95           // -> EAX = clock ticks since boot
#define SYS_WAIT_FRAME      96           // -> EAX = frames composed, after the next one (display.c)
#define SYS_SOUND           97           // EAX = operation, EBX = channel, ECX = notes, EDX = count
                                         //   -> EAX = notes held, or an error (console/sound.h)
#define SYS_PRINT_MAX       256          // print: bytes with the NUL

_Static_assert(SYS_SOUND < T_SYSCALL_FIRST + T_SYSCALLS, "service vectors");

// Gives each service a DPL-3 gate, so ring 3 may raise it.
void syscall_init(void);

// Every service vector's stub (vectors.asm) calls it; the results go into
// the saved registers (tf->eax ...), which the return to ring 3 restores.
void syscall(struct trapframe *tf);

#endif

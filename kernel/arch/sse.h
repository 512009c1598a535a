// SSE moves for the kernel's own bulk copies (the display's scan lines,
// arch/x86.h sse_copy_lines), never for tasks: CR0.EM stays set while a
// task runs, so an SSE instruction in ring 3 still raises #UD, and the SSE
// registers hold nothing a task could read or must keep.
#ifndef GENESIS_SSE_H
#define GENESIS_SSE_H

// 1 when the CPU has SSE and sse_init has allowed it (CR4.OSFXSR).
extern int sse_usable;

// Boot, with CR0.EM set: allows SSE instructions where CR0.EM is clear.
void sse_init(void);

// Around the copies, with interrupts off: clears CR0.EM and CR0.TS (the
// task switch into the running task set TS), then sets EM again.
void sse_begin(void);
void sse_end(void);

#endif

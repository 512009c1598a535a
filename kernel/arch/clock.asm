; Vector 32: the PIT at 100 Hz, and the task switch of seed 000.  It runs a
; hundred times a second, so it stays short: save the registers, EOI, count
; the tick, ask sched_tick for the next task, and jmp far to its TSS unless
; it is the one running (a jmp to the busy TSS of the running task would
; fault).  The CPU saves this task's registers in its TSS at the jmp; when a
; later switch comes back, it resumes right after the jmp and returns to
; whatever the tick interrupted.  No drawing, no logging (but trace=on).
%include "kconst.inc"

extern ticks, tick_limit, pit_limit_reached, sched_tick
global clock_stub

section .text

clock_stub:
    pushad
    ; A task may leave DS or ES null, or pointing at its code segment; C
    ; code needs the kernel's data segment and DF clear.
    push ds
    push es
    mov ax, GDT_KDATA << 3
    mov ds, ax
    mov es, ax
    cld
    mov al, PIC_EOI
    out PIC1_CMD, al
    mov eax, [ticks]
    inc eax
    mov [ticks], eax
    cmp eax, [tick_limit]
    jne .pick
    call pit_limit_reached              ; ends the run, unless the counter wrapped
.pick:
    call sched_tick                     ; AX = the next task's TSS selector
    str cx
    cmp ax, cx
    je .return
    mov [switch_target + 4], ax
    jmp far [switch_target]
.return:
    pop es
    pop ds
    popad
    iret

section .data

; The jmp far operand: offset (ignored for a TSS), then the selector.
switch_target:
    dd 0
    dw 0

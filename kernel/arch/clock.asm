; Vector 32: the clock at 100 Hz, and the task switch of seed 000.  It runs
; a hundred times a second, so it stays short: save the registers, EOI, count
; the tick, ask sched_tick for the next task, and jmp far to its TSS unless
; it is the one running (a jmp to the busy TSS of the running task would
; fault).  The EOI goes to the master 8259 when the PIT or the HPET is the
; clock (both reach the CPU as IRQ 0), to the local APIC when its own timer
; is (dev/clock.c chooses).  When the reader is paced by the clock, the
; tick calls the pacing first (clock_tick_hook).  The CPU saves this task's registers in its TSS at the jmp; when a
; later switch comes back, it resumes right after the jmp and returns to
; whatever the tick interrupted.  No drawing, no logging (but trace=on).
%include "kconst.inc"

extern ticks, tick_limit, clock_limit_reached, clock_eoi_lapic, clock_tick_hook
extern lapic_eoi, sched_tick
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
    cmp byte [clock_eoi_lapic], 0
    jne .lapic_eoi
    mov al, PIC_EOI
    out PIC1_CMD, al
.count:
    mov eax, [ticks]
    inc eax
    mov [ticks], eax
    cmp eax, [tick_limit]
    jne .hook
    call clock_limit_reached            ; ends the run, unless the counter wrapped
.hook:
    mov eax, [clock_tick_hook]
    test eax, eax
    jz .pick
    call eax
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
.lapic_eoi:
    call lapic_eoi
    jmp .count

section .data

; The jmp far operand: offset (ignored for a TSS), then the selector.
switch_target:
    dd 0
    dw 0

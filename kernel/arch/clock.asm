; Vector 32: the clock at 100 Hz, and the task switch of seed 000.  It runs
; a hundred times a second, so it stays short: save the registers, EOI, count
; the tick, ask sched_tick for the next task, and jmp far to its TSS unless
; it is the one running (a jmp to the busy TSS of the running task would
; fault).  The EOI goes to the master 8259 when the PIT or the HPET is the
; clock (both reach the CPU as IRQ 0), to the local APIC when its own timer
; is.  When the tick has work (the reader paced by the clock, the USB
; poll, notes playing), it calls clock_tick_work first.  The CPU saves this task's
; registers in its TSS at the jmp; when a later switch comes back, it
; resumes right after the jmp and returns to whatever the tick interrupted.  No drawing, no logging (but trace=on).
%include "kconst.inc"

extern ticks, tick_limit, clock_limit_reached, clock_tick_work, lapic_eoi, sched_tick
global clock_stub, clock_stub_lapic, clock_stub_work, clock_stub_lapic_work

section .text

; One stub for each way the clock can be set up, chosen once at boot
; (dev/clock.c), so that the common tick pays nothing for the rare ones:
; %2 sends the EOI to the LAPIC (its timer is the clock) instead of the
; master 8259; %3 calls clock_tick_work: the reader paced from the tick (its
; interrupt never came), the USB controllers polled, notes played.
%macro CLOCK_STUB 3
%1:
    pushad
    ; A task may leave DS or ES null, or pointing at its code segment; C
    ; code needs the kernel's data segment and DF clear.
    push ds
    push es
    mov ax, GDT_KDATA << 3
    mov ds, ax
    mov es, ax
    cld
%if %2
    call lapic_eoi
%else
    mov al, PIC_EOI
    out PIC1_CMD, al
%endif
    mov eax, [ticks]
    inc eax
    mov [ticks], eax
    cmp eax, [tick_limit]
    jne %%counted
    call clock_limit_reached            ; ends the run, unless the counter wrapped
%%counted:
%if %3
    call clock_tick_work
%endif
    call sched_tick                     ; AX = the next task's TSS selector
    str cx
    cmp ax, cx
    je %%return
    mov [switch_target + 4], ax
    jmp far [switch_target]
%%return:
    pop es
    pop ds
    popad
    iret
%endmacro

CLOCK_STUB clock_stub, 0, 0             ; the PIT or the HPET, through the 8259
CLOCK_STUB clock_stub_lapic, 1, 0
CLOCK_STUB clock_stub_work, 0, 1
CLOCK_STUB clock_stub_lapic_work, 1, 1

section .data

; The jmp far operand: offset (ignored for a TSS), then the selector.
switch_target:
    dd 0
    dw 0

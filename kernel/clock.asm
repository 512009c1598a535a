; Vector 32: the PIT at 100 Hz.  It runs a hundred times a second and will
; switch tasks, so it stays in assembly, touches only EAX, and draws nothing.
; A task may have left DS null: memory is reached through SS, which the CPU
; always loads with a kernel segment on the way in.
%include "kconst.inc"

extern ticks, tick_limit, trap_common
global clock_stub

section .text

clock_stub:
    push eax
    mov al, PIC_EOI
    out PIC1_CMD, al
    mov eax, [ss:ticks]
    inc eax
    mov [ss:ticks], eax
    cmp eax, [ss:tick_limit]
    je .limit
    pop eax
    iret

; Rare: the tick count reached max_ticks (or wrapped to 0): let C decide,
; through the full trap path.
.limit:
    pop eax
    push dword 0
    push dword T_CLOCK
    jmp trap_common

; Interrupt entry stubs.  Every vector handled in C (exceptions, the RTC,
; the services) goes through trap_common, which builds a struct trapframe
; (trap.h) and calls trap().  The clock has its own short path in clock.asm.
%include "kconst.inc"

extern trap
global exception_stubs, syscall_stubs, rtc_stub, spurious_stub, pic2_spurious_stub

section .text

; Pushes a 0 where the CPU pushes no error code, so every frame has one,
; then the vector.
%macro TRAP_ENTRY 1
  %if !(%1 == 8 || (%1 >= 10 && %1 <= 14) || %1 == 17 || %1 == 21 || %1 == 29 || %1 == 30)
    push dword 0
  %endif
    push dword %1
    jmp trap_common
%endmacro

%assign i 0
%rep T_EXCEPTIONS
exception %+ i:
    TRAP_ENTRY i
%assign i i + 1
%endrep

%assign i T_SYSCALL_FIRST
%rep T_SYSCALLS
syscall %+ i:
    TRAP_ENTRY i
%assign i i + 1
%endrep

rtc_stub:
    TRAP_ENTRY T_RTC

; A task may leave DS or ES null and DF set: C code needs the kernel's data
; segment and DF clear.  SS is already the kernel's (the CPU loads SS0 on a
; ring change, and ring 0 only ever runs on kernel stacks).
trap_common:
    push ds
    push es
    pushad
    cld
    mov ax, GDT_KDATA << 3
    mov ds, ax
    mov es, ax
    push esp                            ; struct trapframe *
    call trap
    add esp, 4
    popad
    pop es
    pop ds
    add esp, 8                          ; vector and error code
    iret

; Vector 39 with IRQ 7 masked is the master 8259's spurious interrupt, and
; the LAPIC's spurious vector: neither wants an EOI.
spurious_stub:
    iret

; Vector 47 with IRQ 15 masked is the slave's spurious interrupt: the slave
; wants no EOI, the master does, for the cascade line.
pic2_spurious_stub:
    push eax
    mov al, PIC_EOI
    out PIC1_CMD, al
    pop eax
    iret

section .rodata

exception_stubs:
%assign i 0
%rep T_EXCEPTIONS
    dd exception %+ i
%assign i i + 1
%endrep

syscall_stubs:
%assign i T_SYSCALL_FIRST
%rep T_SYSCALLS
    dd syscall %+ i
%assign i i + 1
%endrep

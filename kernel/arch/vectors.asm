; Interrupt entry stubs.  Exceptions, the keyboard, COM1, the RTC and the xHCI go through
; trap_common, the services through syscall_common; both build a struct
; trapframe (trap.h) and call C: trap() or syscall().  The clock has its own
; short path in clock.asm, once the boot has measured it; while it measures,
; vector 32 comes through trap_common like the others.
%include "kconst.inc"

extern trap, syscall
global exception_stubs, syscall_stubs, clock_probe_stub, kbd_stub, com1_stub, rtc_stub
global xhci_stub
global spurious_stub
global pic2_spurious_stub

section .text

; Pushes a 0 where the CPU pushes no error code, so every frame has one,
; then the vector, and goes on to %2.
%macro ENTRY 2
  %if !(%1 == 8 || (%1 >= 10 && %1 <= 14) || %1 == 17 || %1 == 21 || %1 == 29 || %1 == 30)
    push dword 0
  %endif
    push dword %1
    jmp %2
%endmacro

%assign i 0
%rep T_EXCEPTIONS
exception %+ i:
    ENTRY i, trap_common
%assign i i + 1
%endrep

%assign i T_SYSCALL_FIRST
%rep T_SYSCALLS
syscall %+ i:
    ENTRY i, syscall_common
%assign i i + 1
%endrep

clock_probe_stub:
    ENTRY T_CLOCK, trap_common

kbd_stub:
    ENTRY T_KBD, trap_common

com1_stub:
    ENTRY T_COM1, trap_common

rtc_stub:
    ENTRY T_RTC, trap_common

xhci_stub:
    ENTRY T_XHCI, trap_common

; The rest of the frame, then a call to %1 with it.  A task may leave DS or
; ES null and DF set: C code needs the kernel's data segment and DF clear.
; SS is already the kernel's (the CPU loads SS0 on a ring change, and ring 0
; only ever runs on kernel stacks).
%macro COMMON 1
    push ds
    push es
    pushad
    cld
    mov ax, GDT_KDATA << 3
    mov ds, ax
    mov es, ax
    push esp                            ; struct trapframe *
    call %1
    add esp, 4
    popad
    pop es
    pop ds
    add esp, 8                          ; vector and error code
    iret
%endmacro

trap_common:
    COMMON trap

; Services skip trap(): they are the path tasks take most.
syscall_common:
    COMMON syscall

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

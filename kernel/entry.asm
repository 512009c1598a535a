; The kernel's first instructions.  The loader jumps here in 32-bit protected
; mode, paging off, interrupts off, with EAX = BOOT_MAGIC and EBX = the
; physical address of struct bootinfo (bootinfo.h).
%include "kconst.inc"

%define COM1            0x3F8
%define COM1_LSR        COM1 + 5
%define LSR_THR_EMPTY   0x20
%define BOOT_STACK_SIZE 16384

extern kernel_main, bss_start, bss_end
global _start, boot_stack_guard, boot_stack_top

section .text.entry

_start:
    cli
    cld
    cmp eax, BOOT_MAGIC
    jne bad_magic
    ; The loader should zero .bss, but the kernel does not depend on it.
    ; EBX (the boot information) is kept.
    mov edi, bss_start
    mov ecx, bss_end
    sub ecx, edi
    xor eax, eax
    rep stosb
    mov esp, boot_stack_top
    push ebx
    call kernel_main                    ; never returns

; Not started by our loader: say so on COM1 (as the firmware left it) and stop.
bad_magic:
    mov esi, bad_magic_message
.next:
    lodsb
    test al, al
    jz .halt
    mov ah, al
    mov dx, COM1_LSR
.wait:
    in al, dx
    test al, LSR_THR_EMPTY
    jz .wait
    mov al, ah
    mov dx, COM1
    out dx, al
    jmp .next
.halt:
    hlt
    jmp .halt

section .rodata

bad_magic_message:
    db "genesis: not started by the Genesis loader (EAX is not BOOT_MAGIC), halting", 13, 10, 0

section .bss align=4096

; The page below the stack stays unmapped (mmu.c): an overflow faults.  Once
; the boot flow is done, the idle task runs on this stack (sched.c).
alignb 4096
boot_stack_guard:
    resb 4096
boot_stack:
    resb BOOT_STACK_SIZE
boot_stack_top:

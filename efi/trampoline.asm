; The loader's last code: from UEFI's 64-bit long mode to 32-bit protected
; mode with paging off, then into the kernel.  docs/boot.md explains why
; each step is needed and why in this order.
;
; The loader copies this blob, trampoline_start to trampoline_end, to the
; start of a page of its own below 4 GiB, fills in the handoff header, and
; calls trampoline_enter after ExitBootServices.  The blob is position
; independent: it finds itself with RIP-relative addressing, and keeps its
; own address in EBP for the 32-bit part, where there is no RIP-relative form.

CR0_PG          equ 0x80000000          ; paging
CR0_CD          equ 0x40000000          ; cache disable
CR0_NW          equ 0x20000000          ; not write-through
CR4_PCIDE       equ 0x00020000          ; process-context identifiers
MSR_EFER        equ 0xC0000080          ; extended feature enable register
EFER_LME        equ 0x00000100          ; long mode enable
CMOS_INDEX      equ 0x70                ; RTC/CMOS index port; bit 7 masks NMI
NMI_MASK        equ 0x80
EFLAGS_RESERVED equ 0x00000002          ; bit 1 is always set; IF, DF and the rest clear
SEL_CODE32      equ 0x08                ; gdt entry 1
SEL_DATA32      equ 0x10                ; gdt entry 2
PAGE_SIZE       equ 4096                ; the blob and its stack share one page

; struct handoff in loader.h.
struc handoff
    .entry:      resd 1
    .magic:      resd 1
    .bootinfo:   resd 1
    .copy_from:  resd 1
    .copy_to:    resd 1
    .copy_bytes: resd 1
endstruc

section .text
bits 64

global trampoline_start, trampoline_enter, trampoline_end

trampoline_start:
    times handoff_size db 0

    align 8
gdt:
    dq 0                                ; the null selector
    dq 0x00CF9A000000FFFF               ; SEL_CODE32: base 0, limit 4 GiB, 32-bit, execute/read
    dq 0x00CF92000000FFFF               ; SEL_DATA32: base 0, limit 4 GiB, read/write
gdt_end:

trampoline_enter:
    ; Nothing may interrupt from here on: the IDT is about to go and the
    ; firmware's handlers with it.  The NMI is masked at the RTC's index port.
    cli
    mov al, NMI_MASK
    out CMOS_INDEX, al

    ; Our page, and a stack at its top; both below 4 GiB, so they keep
    ; working once addresses are 32 bits wide.
    lea rbp, [rel trampoline_start]
    lea rsp, [rbp + PAGE_SIZE]

    ; lgdt and lidt take a 2-byte limit followed by an 8-byte base.
    sub rsp, 16
    lea rax, [rel gdt]
    mov word [rsp], gdt_end - gdt - 1
    mov [rsp + 2], rax
    lgdt [rsp]
    mov word [rsp], 0                   ; a zero-limit IDT: any interrupt now shuts the
    mov qword [rsp + 2], 0              ; machine down instead of running stray code
    lidt [rsp]
    add rsp, 16

    ; A far return to a 32-bit code segment: the CPU is still in long mode
    ; (paging on, EFER.LMA set) but runs 32-bit code (compatibility mode).
    lea rax, [rel compat]
    push SEL_CODE32
    push rax
    retfq

bits 32
compat:
    mov eax, SEL_DATA32
    mov ds, eax
    mov es, eax
    mov fs, eax
    mov gs, eax
    mov ss, eax

    ; Paging off leaves long mode.  PCIDE must already be clear; the
    ; caches go (or stay) on.
    mov eax, cr4
    and eax, ~CR4_PCIDE
    mov cr4, eax
    mov eax, cr0
    and eax, ~(CR0_PG | CR0_CD | CR0_NW)
    mov cr0, eax

    ; Now plain protected mode.  Long mode stays off, and the 64-bit
    ; extensions of CR4 (PAE among them) go with it.
    mov ecx, MSR_EFER
    rdmsr
    and eax, ~EFER_LME
    wrmsr
    xor eax, eax
    mov cr4, eax
    push EFLAGS_RESERVED
    popfd

    ; A kernel staged elsewhere moves into place now that nothing of the
    ; firmware is running; copy_bytes is 0 when it is already there.
    mov esi, [ebp + handoff.copy_from]
    mov edi, [ebp + handoff.copy_to]
    mov ecx, [ebp + handoff.copy_bytes]
    shr ecx, 2
    rep movsd

    mov eax, [ebp + handoff.magic]
    mov ebx, [ebp + handoff.bootinfo]
    jmp dword [ebp + handoff.entry]
trampoline_end:

section .note.GNU-stack noalloc noexec nowrite progbits

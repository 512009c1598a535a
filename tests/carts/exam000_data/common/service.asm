; The data-area services with every general register chosen by C and every
; register the kernel hands back stored for C to look at, which inline
; assembly cannot do for EBP.
%include "genesis.inc"

        bits 32

; struct regs { uint32_t eax, ebx, ecx, edx, esi, edi, ebp; }
%define R_EAX 0
%define R_EBX 4
%define R_ECX 8
%define R_EDX 12
%define R_ESI 16
%define R_EDI 20
%define R_EBP 24

        section .bss
regs:   resd 1                          ; the struct while EBP cannot point at it
saved_esp:
        resd 1

        section .text
; void NAME(struct regs *r): loads the registers from *r, raises the
; service's vector, stores them back into *r.  ESP must survive too.
%macro service 2
        global %1
%1:
        push ebp
        push ebx
        push esi
        push edi
        mov eax, [esp + 20]
        mov [regs], eax
        mov [saved_esp], esp
        mov ebx, [eax + R_EBX]
        mov ecx, [eax + R_ECX]
        mov edx, [eax + R_EDX]
        mov esi, [eax + R_ESI]
        mov edi, [eax + R_EDI]
        mov ebp, [eax + R_EBP]
        mov eax, [eax + R_EAX]
        int %2
        cmp esp, [saved_esp]
        jne esp_lost
        push eax
        mov eax, [regs]
        pop dword [eax + R_EAX]
        mov [eax + R_EBX], ebx
        mov [eax + R_ECX], ecx
        mov [eax + R_EDX], edx
        mov [eax + R_ESI], esi
        mov [eax + R_EDI], edi
        mov [eax + R_EBP], ebp
        pop edi
        pop esi
        pop ebx
        pop ebp
        ret
%endmacro

        service set_data_limit_regs, GENESIS_SYS_SET_DATA_LIMIT
        service read_data_regs, GENESIS_SYS_READ_DATA

; A service that moved ESP leaves nothing to return through: say so and end.
esp_lost:
        mov esp, [saved_esp]
        mov eax, esp_message
        int GENESIS_SYS_PRINT
        mov eax, 99
        int GENESIS_SYS_EXIT

        section .rodata
esp_message:
        db "FAIL: a data-area service changed ESP", 0

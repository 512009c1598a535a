; popf may set NT in ring 3; iret with NT set returns to the task in the
; TSS back link, which is 0: an invalid-TSS fault, error code 0.

        bits 32
        section .text
        global main, fault

main:   pushfd
        or dword [esp], 0x4000          ; EFLAGS.NT
        popfd
fault:  iret

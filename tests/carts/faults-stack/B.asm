; Pushing forever: the stack's 16 KB end at the unmapped guard page, so the
; push to 0x05BFBFFC page-faults with error code 6 (write, user).

        bits 32
        section .text
        global main, fault

main:
fault:  push eax
        jmp fault

; TF set with popf: the instruction after popf runs, then a debug exception
; (vector 1, a trap: EIP is the next instruction) from ring 3.

        bits 32
        section .text
        global main, fault

main:   pushfd
        or dword [esp], 0x100           ; EFLAGS.TF
        popfd
        nop
fault:  nop

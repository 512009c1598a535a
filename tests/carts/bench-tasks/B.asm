; Spins: with A, every clock tick has another task to switch to.  Its two
; bytes lie below A's `service`, so a breakpoint there stops only A.
        bits 32
        section .text
        global main

main:   jmp main

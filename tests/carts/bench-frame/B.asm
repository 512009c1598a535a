; Spins: every clock tick has a task to switch to after the display.
        bits 32
        section .text
        global main

main:   jmp main

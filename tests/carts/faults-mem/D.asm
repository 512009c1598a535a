; Writing its own text, mapped read-only: a page fault with error code 7
; and CR2 = the address of main.

        bits 32
        section .text
        global main, fault

main:
fault:  mov [main], eax

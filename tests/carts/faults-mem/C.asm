; Writing the kernel image: a page fault with error code 7 (present, write,
; user).

        bits 32
        section .text
        global main, fault

main:
fault:  mov [0x00100000], eax

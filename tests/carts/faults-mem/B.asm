; Reading the kernel image at 1 MiB: present but supervisor-only, so a page
; fault with error code 5 (present, user) and CR2 = the address.

        bits 32
        section .text
        global main, fault

main:
fault:  mov eax, [0x00100000]

; Virtual-8086 mode at FFFF:FFFF, the highest address it reaches: linear
; 0x10FFEF, inside the kernel image, supervisor only: error code 5, EIP =
; 0xFFFF, CR2 = 0x10FFEF.
%include "v86.inc"

        bits 32
        section .text
        global main

main:   ENTER_V86 0xFFFF, 0xFFFF

; Virtual-8086 mode at 0000:0000: the fetch at linear 0 finds page 0
; unmapped, error code 4 (user, not present), EIP = CR2 = 0.
%include "v86.inc"

        bits 32
        section .text
        global main

main:   ENTER_V86 0, 0

; Virtual-8086 mode at 0101:0000, a CS whose low bits read as ring 1: the
; fetch at linear 0x1010 finds the kernel's supervisor page, error code 5
; (user, present), EIP = 0, CR2 = 0x1010.
%include "v86.inc"

        bits 32
        section .text
        global main

main:   ENTER_V86 0x0101, 0

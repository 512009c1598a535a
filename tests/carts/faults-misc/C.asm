; An x87 instruction: with CR0.EM set, device not available (vector 7),
; since the console keeps no FPU state for tasks.

        bits 32
        section .text
        global main, fault

main:
fault:  fld1

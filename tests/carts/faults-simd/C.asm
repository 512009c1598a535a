; Reading an SSE register, where the display leaves its pixels: faults
; like any SSE instruction in ring 3 (see B.asm).

        bits 32
        section .text
        global main, fault

main:
fault:  movd eax, xmm0

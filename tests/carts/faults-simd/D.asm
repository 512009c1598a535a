; An SSE2 instruction, right after the display has used the SSE
; registers: faults like B.asm.

        bits 32
        section .text
        global main, fault

main:
fault:  pxor xmm0, xmm0

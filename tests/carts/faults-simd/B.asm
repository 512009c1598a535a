; An SSE move.  The display uses SSE (CR4.OSFXSR is set), but CR0.EM stays
; set while tasks run, and the task switch into the task set CR0.TS: QEMU
; raises device not available (vector 7) for TS before invalid opcode for
; EM; either kills the task, which has no SSE state to keep.

        bits 32
        section .text
        global main, fault

main:
fault:  movaps xmm0, xmm1

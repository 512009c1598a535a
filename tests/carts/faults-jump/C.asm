; A far jump to the TSS selector of task A (GDT slot 7, selector 0x38)
; would be a task switch; the descriptor's DPL is 0, so it is a general
; protection fault with error code 0x38.

        bits 32
        section .text
        global main, fault

main:
fault:  jmp 0x38:0

; Task start-up.  The linker script puts this first, at 0x05000000, where the
; kernel enters a task with ESP at the top of its stack.  The value main
; returns becomes the exit status: `return 3;` logs `exited status=3`.
%include "genesis.inc"

        bits 32
        section .text.start
        global _start
        extern main
_start:
        call main
        int GENESIS_SYS_EXIT            ; EAX = main's return value; no return

; The frames cartridge is about its art, which the reader shows; its one
; task, in NASM to show how a NASM task looks, says so and ends.  main is
; called by the SDK's start-up code, which exits with the value in EAX.
%include "genesis.inc"

        bits 32
        section .text
        global main
main:
        mov eax, message
        int GENESIS_SYS_PRINT
        xor eax, eax
        ret

        section .rodata
message: db "a ball bouncing in 16 frames, 8 per second", 0

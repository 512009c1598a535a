; Says it runs, then calls the ticks service (which only reads a counter)
; forever.  The benchmark counts the instructions from `service` to `after`:
; one service round trip.
%include "genesis.inc"

        bits 32
        section .text
        global main, service, after

main:   mov eax, running
        int GENESIS_SYS_PRINT
service:
        int GENESIS_SYS_TICKS
after:  jmp service

        section .rodata
running: db "running", 0

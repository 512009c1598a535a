; TF set with popf, then a service call.  The interrupt gate clears TF, so
; the kernel is never single-stepped; the return restores TF, and the
; single-step trap comes from ring 3 after the instruction that follows.
%include "genesis.inc"

        bits 32
        section .text
        global main, fault

main:   pushfd
        or dword [esp], 0x100           ; EFLAGS.TF
        popfd
        int GENESIS_SYS_TICKS
        nop
fault:  nop

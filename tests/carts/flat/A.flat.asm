; A task as a flat binary: no ELF headers, so all of it is read-only text,
; loaded and entered at the start of the code window.  It prints, then
; exits with status 7 (there is no start-up code to call a main).
%include "genesis.inc"

        bits 32
        org GENESIS_CODE_BASE

        mov eax, message
        int GENESIS_SYS_PRINT
        mov eax, 7
        int GENESIS_SYS_EXIT

message: db "hello from a flat binary", 0

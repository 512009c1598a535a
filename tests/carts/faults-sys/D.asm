; The clock's vector has a DPL-0 gate: int 0x20 from ring 3 is a general
; protection fault whose error code names the gate (0x20 * 8 + 2 = 0x102).

        bits 32
        section .text
        global main, fault

main:
fault:  int 0x20

; A port write at IOPL 0: general protection, error code 0.

        bits 32
        section .text
        global main, fault

main:
fault:  out 0x80, al

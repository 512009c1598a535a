; cli in ring 3 at IOPL 0: general protection, error code 0.

        bits 32
        section .text
        global main, fault

main:
fault:  cli

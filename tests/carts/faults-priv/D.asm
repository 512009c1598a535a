; A port read at IOPL 0, with no I/O bitmap in the TSS: general protection.

        bits 32
        section .text
        global main, fault

main:
fault:  in al, 0x60

; hlt outside ring 0: general protection, error code 0.

        bits 32
        section .text
        global main, fault

main:
fault:  hlt

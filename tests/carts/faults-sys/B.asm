; lgdt is for ring 0 only: general protection, error code 0.

        bits 32
        section .text
        global main, fault

main:
fault:  lgdt [main]

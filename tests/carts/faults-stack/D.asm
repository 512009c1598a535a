; ud2: invalid opcode, vector 6.

        bits 32
        section .text
        global main, fault

main:
fault:  ud2

; Dividing by zero: divide error, vector 0.

        bits 32
        section .text
        global main, fault

main:   xor ecx, ecx
fault:  div ecx

; Jumping where nothing is mapped: the fetch page-faults with error code 4
; (user, not present) and EIP = CR2 = the target.

        bits 32
        section .text
        global main, fault

main:   mov eax, 0x09000000
fault:  jmp eax

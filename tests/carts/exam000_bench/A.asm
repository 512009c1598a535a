; SetDataLimit growing the area from 1 page to 2, one ReadData of a byte of
; the new page, then back to 1 page, forever.  The page table exists from
; the first call on, so every measured growth maps, and zeroes, one page.
; The benchmark counts the instructions from `grow` to `grown` and from
; `read` to `done`.
%include "genesis.inc"

        bits 32
        section .text
        global main, grow, grown, read, done

main:   mov eax, 1
        int GENESIS_SYS_SET_DATA_LIMIT
again:  mov eax, 2
grow:   int GENESIS_SYS_SET_DATA_LIMIT
grown:  mov eax, 'A'
        mov ebx, GENESIS_PAGE_SIZE + 7
read:   int GENESIS_SYS_READ_DATA
done:   mov eax, 1
        int GENESIS_SYS_SET_DATA_LIMIT
        jmp again

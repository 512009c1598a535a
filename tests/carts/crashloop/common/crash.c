// A writes to address 0, B runs ud2, C divides by zero, D exits cleanly:
// each of the kernel's ways of ending a task, in one round.
#include <genesis.h>

int
main(void)
{
    switch (TASK_LETTER) {
    case 'A':
        *(volatile int *)0 = 1;
        break;
    case 'B':
        __builtin_trap();
    case 'C':
        // In assembly: the compiler may turn 1 / x into a comparison.
        __asm__ volatile("divl %0" : : "r"(0), "a"(1), "d"(0));
        break;
    }
    return 0;
}

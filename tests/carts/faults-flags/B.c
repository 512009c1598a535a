// NT set with popf stays the task's own: a service, a yield and clock ticks
// enter the kernel through interrupt gates, which clear NT for the kernel,
// and return to the task with its EFLAGS, NT included.  Its own iret is
// then a task return through a back link of 0: invalid TSS, error code 0.
#include <genesis.h>

#define FL_NT               0x4000
#define SPIN_TICKS          1            // until a clock tick has preempted the task with NT set

static uint32_t
eflags(void)
{
    uint32_t f;

    __asm__ volatile("pushfl; popl %0" : "=r"(f));
    return f;
}

int
main(void)
{
    __asm__ volatile("pushfl; orl %0, (%%esp); popfl" : : "i"(FL_NT) : "cc");
    yield();
    for (uint32_t start = ticks(); ticks() - start < SPIN_TICKS;)
        ;
    print(eflags() & FL_NT ? "NT kept across services, a yield and a clock tick" : "NT lost");
    __asm__ volatile(".globl fault\nfault: iret");
    return 1;
}

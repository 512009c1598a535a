// str (tables.h).
#include "tables.h"

int
main(void)
{
    uint32_t selector;

    __asm__ volatile(".globl fault\nfault: str %0" : "=r"(selector));
    say("str: TSS selector 0x%x", selector);
    return 0;
}

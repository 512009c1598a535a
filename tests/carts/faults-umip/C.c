// sidt (tables.h).
#include "tables.h"

int
main(void)
{
    struct table_register idt;

    __asm__ volatile(".globl fault\nfault: sidt %0" : "=m"(idt));
    say("sidt: IDT at 0x%x, limit %u", idt.base, idt.limit);
    return 0;
}

// sgdt (tables.h).
#include "tables.h"

int
main(void)
{
    struct table_register gdt;

    __asm__ volatile(".globl fault\nfault: sgdt %0" : "=m"(gdt));
    say("sgdt: GDT at 0x%x, limit %u", gdt.base, gdt.limit);
    return 0;
}

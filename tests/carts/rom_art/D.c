// The title, printed from the header page itself: the kernel's print reads
// it there as the task does.  It has fewer than 32 characters, so a NUL
// ends it inside its field.
#include <genesis.h>

int
main(void)
{
    return print((const char *)GENESIS_ROM_HEADER_ADDR + GENESIS_ROM_TITLE);
}

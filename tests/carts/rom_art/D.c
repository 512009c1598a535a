// The title, printed from the header page itself (all but its first 256
// bytes are zero, so it ends with a NUL even when it has 32 characters).
#include <genesis.h>

int
main(void)
{
    return print((const char *)GENESIS_ROM_HEADER_ADDR + GENESIS_ROM_TITLE);
}

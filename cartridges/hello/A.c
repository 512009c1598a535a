// The smallest game: one task that greets the log and ends.
#include <genesis.h>

int
main(void)
{
    print("Hello, world! This is a Genesis cartridge.");
    return 0;
}

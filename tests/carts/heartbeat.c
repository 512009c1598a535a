// Task A of every faults-* cartridge: it beats on the log and yields
// between beats, so the other tasks, each doing something a task may not,
// run and are killed while it goes on; then it exits with status 0.
// Each faults-*/A.c includes this file.
#include <genesis.h>

#define BEATS               5

int
main(void)
{
    static char line[] = "beat ?";

    for (int i = 0; i < BEATS; i++) {
        line[sizeof line - 2] = (char)('0' + i);
        print(line);
        yield();
    }
    return 0;
}

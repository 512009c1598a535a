// Each task says who it is, so a boot test can see all four start, print
// and end with a status of their own.
#include <genesis.h>

int
main(void)
{
    static char line[] = "hello from task ?";

    line[sizeof line - 2] = TASK_LETTER;
    print(line);
    return TASK_LETTER - 'A';
}

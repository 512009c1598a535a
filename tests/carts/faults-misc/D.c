// The print service refuses, with -1 and without killing the task, every
// string the task may not read whole; it prints the ones it may.  Each check
// logs "ok: <what>" or "FAIL: <what>"; the exit status counts the failures.
#include <genesis.h>

#define ACCESS_PAGE_END     ((GENESIS_ACCESS_ADDR & ~(GENESIS_PAGE_SIZE - 1)) + GENESIS_PAGE_SIZE)
#define TAIL                16           // bytes at the end of the access page

static int failures;

static void check(int got, int want, const char *what)
{
    char line[GENESIS_PRINT_MAX];
    const char *prefix = got == want ? "ok: " : "FAIL: ";
    int n = 0;

    for (; *prefix; prefix++)
        line[n++] = *prefix;
    for (; *what && n < GENESIS_PRINT_MAX - 1; what++)
        line[n++] = *what;
    line[n] = '\0';
    print(line);
    failures += got != want;
}

int
main(void)
{
    // The page after the access page is never mapped.
    char *tail = (char *)(ACCESS_PAGE_END - TAIL);
    static char text[GENESIS_PRINT_MAX + 1];

    check(print((const char *)0x00100000), -1, "a pointer into the kernel is refused");
    check(print((const char *)0), -1, "a null pointer is refused");
    check(print((const char *)0xC0000000), -1, "a pointer into the kernel windows is refused");
    check(print((const char *)0xFFFFFFF8), -1, "a pointer near the top of memory is refused");
    check(print((const char *)0x09000000), -1, "a pointer to an unmapped page is refused");

    for (int i = 0; i < TAIL; i++)
        tail[i] = 'x';
    check(print(tail), -1, "a string running into an unmapped page is refused");
    tail[TAIL - 1] = '\0';
    check(print(tail), 0, "a string ending just before an unmapped page is printed");

    for (int i = 0; i < GENESIS_PRINT_MAX; i++)
        text[i] = 'y';
    check(print(text), -1, "a string without a NUL in 256 bytes is refused");
    text[GENESIS_PRINT_MAX - 1] = '\0';
    check(print(text), 0, "a string of 255 characters is printed");
    text[0] = '\n';
    text[1] = '\0';
    check(print(text), 0, "a control character is printed as ?");
    return failures;
}

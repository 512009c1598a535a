// memcpy and friends for a freestanding kernel.
#include <stddef.h>
#include <stdint.h>

#include "lib/kstring.h"
#include "arch/x86.h"

// Whole words with one string instruction while both pointers are word
// aligned (page copies and page clears always are: a task's creation copies
// and zeroes several), then the bytes left.
void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
        movsl(d, s, n / 4);
        d += n & ~3u;
        s += n & ~3u;
        n &= 3;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

    if (((uintptr_t)d & 3) == 0) {
        stosl(d, (unsigned char)c * 0x01010101u, n / 4);
        d += n & ~3u;
        n &= 3;
    }
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    for (; *a && *a == *b; a++, b++)
        ;
    return (unsigned char)*a - (unsigned char)*b;
}

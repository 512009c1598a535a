// memcpy and friends for a freestanding kernel.
#include <stddef.h>
#include <stdint.h>

#include "kstring.h"

// A 32-bit word that may alias any object, as these functions need.
typedef uint32_t __attribute__((may_alias)) word_t;

// Whole words while both pointers are word aligned (page copies and page
// clears always are: a task's creation copies and zeroes several), then
// bytes.
void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0)
        for (; n >= 4; n -= 4, d += 4, s += 4)
            *(word_t *)d = *(const word_t *)s;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

    if (((uintptr_t)d & 3) == 0)
        for (; n >= 4; n -= 4, d += 4)
            *(word_t *)d = (unsigned char)c * 0x01010101u;
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

// The C library functions the kernel uses (string.c), with the standard
// names and signatures: the compiler emits calls to memcpy and memset for
// struct copies, and host tests link the C library's instead.
#ifndef GENESIS_KSTRING_H
#define GENESIS_KSTRING_H

#include <stddef.h>

void  *memcpy(void *dst, const void *src, size_t n);
void  *memset(void *dst, int c, size_t n);
int    memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int    strcmp(const char *a, const char *b);

#endif

// The kernel reports its own bugs with panic(); in a host unit test, a
// panic is a failed assertion that cmocka's expect_assert_failure can catch.
// Its log lines go to the test's standard output.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lib/kprintf.h"

void panic(const char *fmt, ...)
{
    char message[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    mock_assert(0, message, __FILE__, __LINE__);
    abort();
}

void kprintf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

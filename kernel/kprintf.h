// The kernel log: every line goes to COM1 and to the screen console.
#ifndef GENESIS_KPRINTF_H
#define GENESIS_KPRINTF_H

#include <stdarg.h>
#include <stdint.h>

// %s %c %d %u %x and %%, with an optional 0 flag and width: "%08x".
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

// The same formats into buf, cut to size - 1 characters and NUL-terminated.
// Returns the characters stored.
uint32_t ksnprintf(char *buf, uint32_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

// Logs "panic: <message>" and ends the run with HALT_PANIC.
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif

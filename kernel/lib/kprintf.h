// Formatted text for the kernel log (lib/log.h: where its lines go) and for
// buffers; panic, and the end of a run, which both report through the log.
#ifndef GENESIS_KPRINTF_H
#define GENESIS_KPRINTF_H

#include <stdarg.h>
#include <stdint.h>

// %s %c %d %u %x %llx (64 bits) and %%, with an optional 0 flag and width:
// "%08x".
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

// The same formats into buf, cut to size - 1 characters and NUL-terminated.
// Returns the characters stored.
uint32_t ksnprintf(char *buf, uint32_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define HALT_NORMAL         0            // a normal end, max_ticks included
#define HALT_PANIC          1

#define QEMU_EXIT_PORT      0xF4         // QEMU's isa-debug-exit: exits with (value << 1) | 1
#define QEMU_EXIT_BASE      0x10         // + halt code: QEMU exits 33 (normal) or 35 (panic)

// What the run's last lines say before the halt line (main.c logs the free
// pages, the ticks and the frames): set once at boot, so that the layers
// that end a run need not know what the others count.
void halt_set_report(void (*report)(void));

// Interrupts off, the log written through (what waited for the wire goes
// out first), the report, "genesis: halt code=<code>", then QEMU is told to
// exit and the CPU halts for good (a real PC stays there).
void end_run(int code) __attribute__((noreturn));

// Logs "panic: <message>", after whatever waited for the wire and written
// through, and ends the run with HALT_PANIC.
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif

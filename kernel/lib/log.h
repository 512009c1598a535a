// The kernel log's plumbing, below kprintf: lines put together, then handed
// to the displays (the framebuffer console: memory, never waits) and to the
// wire (COM1).  At boot, in a panic and at the end of a run the log writes
// through: the wire gets each line at once, however long that takes.  In
// between, lines wait for the wire in a ring that its driver empties from
// its interrupt, so no service waits for the wire; when the ring is full a
// line is dropped and counted, and "log: <n> lines dropped" goes out once
// there is room again.  Pure bookkeeping over the outputs it is given, so
// host tests run it as is.
#ifndef GENESIS_LOG_H
#define GENESIS_LOG_H

#include <stdint.h>

#define LOG_RING_SIZE       16384        // bytes waiting for the wire: 60 of the longest
                                         // lines, hundreds of the usual ones
#define LOG_LINE_MAX        320          // longer text is handed on in pieces of this size
#define LOG_DISPLAYS        1            // the framebuffer console

// The wire: putc writes one byte, waiting for the UART as long as it takes
// (the log's output of last resort: a panic inside a panic writes there
// alone).
void log_set_wire(void (*putc)(char c));

// A display: putc takes each byte of every line at once and must not wait;
// flush, while the log writes through, draws what putc took.
void log_add_display(void (*putc)(char c), void (*flush)(void));

// From now on lines wait for the wire in the ring, and kick(), called after
// each line that goes in, starts the wire's driver if it is idle.
void log_buffer(void (*kick)(void));

// For the wire's driver: the next byte waiting, in *c, and 1; 0 when none
// waits.  Once the ring is empty, a "log: <n> lines dropped" line is
// queued first if lines were dropped.
int log_wire_take(char *c);

// Back to writing through, for good: what waits in the ring goes out on
// the wire first, and the displays are flushed.  wire_only (a panic inside
// a panic, which may come from a display) leaves the displays out.
void log_write_through(int wire_only);

// One byte of the log: lines end at '\n'.
void log_putc(char c);

#endif

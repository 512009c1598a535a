// The timeline (docs/trace.md): what the kernel did and when, kept as
// 16-byte binary events in a ring while the run goes on, and written out on
// the wire at its end for a host tool to turn into a picture.  BOOT.CFG
// timeline=on starts it at kernel ready.  (trace=on is the other way to
// watch: a text log line for each switch or service as it happens, which
// costs a line of log each time.)  The ring and its writing out are pure
// bookkeeping over the pages they are given, so host tests run them as is.
#ifndef GENESIS_TIMELINE_H
#define GENESIS_TIMELINE_H

#include <stdint.h>

#include "arch/segment.h"

#define TIMELINE_VERSION    1            // the "timeline: begin" line's version=
#define TIMELINE_PAGES      64           // the ring: 16384 events, some seconds of a game
#define TIMELINE_PAGE_EVENTS 256         // 16-byte events in a 4 KiB page
#define TIMELINE_NAME_MAX   8            // a task's name, as struct task keeps it
#define TIMELINE_LINE_EVENTS 8           // events a "timeline: data" line carries
#define TIMELINE_TASKS      GDT_ENTRIES  // a task is named by its TSS's GDT slot

// What an event says (its kind); `task` is always a GDT slot
// (GDT_TSS_IDLE, ...).  The host tool reads these numbers from here.
#define TL_SWITCH           1            // task leaves the CPU; arg: the task that runs next;
                                         // value: ticks
#define TL_INTERRUPT        2            // task was interrupted; arg: the vector; value: ticks
#define TL_SERVICE          3            // task called service vector arg; time: when it was
                                         // called; value: TSC counts until it returned
#define TL_FRAME            4            // task composed a frame; time: its start; value: TSC
                                         // counts it took
#define TL_PAGES            5            // the free pages changed: arg in the kernel pool,
                                         // value in the task pool
#define TL_FAULT            6            // an exception in task: arg the vector, value the EIP
#define TL_START            7            // task started; value: its entry point
#define TL_END              8            // task ended; arg: how (enum task_end_cause)

struct timeline_event {
    uint64_t time;                       // the TSC
    uint8_t  kind;                       // TL_...
    uint8_t  task;
    uint16_t arg;
    uint32_t value;
};

_Static_assert(sizeof(struct timeline_event) * TIMELINE_PAGE_EVENTS == 4096,
               "a page holds TIMELINE_PAGE_EVENTS events");

// How fast the TSC counts: tsc counts while a reference timer of ref_hz
// counted ref (ref_hz 0: no reference, the host tool then times the TSC by
// the clock's ticks).  Kept as measured; the host tool divides.
struct timeline_rate {
    uint32_t tsc, ref, ref_hz;
};

// Nonzero while events are recorded: the hot paths (the tick, a service, an
// interrupt) test it before they call in, so the timeline off costs them a
// compare and a branch.
extern int timeline_on;

// Starts recording into the n pages (n <= TIMELINE_PAGES, each 4 KiB),
// forgetting anything recorded before.
void timeline_start(void *const pages[], uint32_t n, const struct timeline_rate *rate);

// Names the task of GDT slot `task` from now on (its name may change
// when a new cartridge reuses the slot; the last one is written out).
void timeline_name(uint32_t task, const char *name);

// Records an event stamped now.  Does nothing while the timeline is off.
void timeline_event(uint32_t kind, uint32_t task, uint32_t arg, uint32_t value);

// Records an event stamped start whose value is the TSC counts since then.
void timeline_span(uint32_t kind, uint32_t task, uint32_t arg, uint64_t start);

// What the frames left in the pools: a TL_PAGES event when it differs from
// the last one recorded.
void timeline_pages(uint32_t kernel_free, uint32_t task_free);

// Stops recording and writes the ring out through putc, oldest event first:
//   timeline: begin version=1 events=<n> lost=<n> tsc=<n> ref=<n> ref_hz=<n>
//   timeline: task <slot> <name>              (each named task)
//   timeline: data <32 hex digits an event>   (up to 8 events a line)
//   timeline: end events=<n>
// An event's bytes are its struct in memory (little-endian).  lost counts
// the oldest events the ring overwrote.  Nothing when it never started.
void timeline_write(void (*putc)(char c));

#endif

// BOOT.CFG: one key=value a line, '#' starts a comment.  docs/kernel.md lists
// the keys.  The parser is a pure function so host tests can run it.
#ifndef GENESIS_CONFIG_H
#define GENESIS_CONFIG_H

#include <stdint.h>

#include "abi/bootinfo.h"

#define CONFIG_FPS_DEFAULT  64           // reader frames per second
#define CONFIG_FPS_MIN      2            // the RTC's periodic rates are powers of two
#define CONFIG_FPS_MAX      1024
#define CONFIG_LINE_MAX     256          // longer lines are reported and skipped
#define CONFIG_SCRATCHPADS_MAX 512       // xhci_scratchpads: one page of their pointers

enum { EXIT_NEVER, EXIT_IDLE };          // config.exit
enum { SELFTEST_NONE, SELFTEST_PAGEFAULT, SELFTEST_STACK, SELFTEST_HIGHMEM,
       SELFTEST_LOGFLOOD, SELFTEST_COMPOSEFULL, SELFTEST_COMPOSERACE, SELFTEST_USBMSI }; // config.selftest
enum { ACPI_DAMAGE_CHECKSUM, ACPI_DAMAGE_LENGTH }; // config.acpi_damage_kind

struct config {
    char     cart[BOOT_NAME_MAX];        // file in \CARTS\ to insert; "" = the first valid one
    uint32_t fps;                        // reader rate: power of two, 2..1024
    int      fps_set;                    // fps came from BOOT.CFG: the cartridge's does not count
    int      exit;                       // EXIT_NEVER or EXIT_IDLE
    uint32_t max_ticks;                  // end the run after this many clock ticks; 0 = never
    int      trace;                      // log task switches, services, reader interrupts
    int      timeline;                   // record kernel events, written out at the end
    uint32_t repeat;                     // insert the cartridge again this many times
    int      selftest;                   // test only: a kernel fault or a log flood on purpose
                                         // after kernel ready, or a display that redraws
                                         // everything or lets tasks run mid-frame
    uint32_t task_pages;                 // test only: keep this many task-pool pages; 0 = all
    int      rtc;                        // test only, 0: the RTC's interrupt is not started
    char     acpi_damage[5];             // test only: the ACPI table the kernel reads damaged
    int      acpi_damage_kind;           // ... its checksum or its length
    uint32_t xhci_scratchpads;           // test only: xHCI controllers ask for at least this many
    int      xhci_msi;                   // test only, 0: the xHCI's MSI is set up, never sent
};

// The running kernel's settings: main.c parses BOOT.CFG into it at boot,
// and every layer reads it from then on.
extern struct config config;

typedef void config_log_fn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// Fills out with the defaults, then applies each line of text (NUL
// terminated).  Every line it cannot use is reported through log as one
// "config: <line>: <what>" line, and the setting keeps its value.
void config_parse(const char *text, struct config *out, config_log_fn *log);

#endif

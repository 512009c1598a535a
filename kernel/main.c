// The kernel's boot sequence, one step a line, and what a run reports at its
// end.  Like xv6's main.c it knows every layer: it wires them together.
#include <stdint.h>

#include "abi/bootinfo.h"
#include "arch/gdt.h"
#include "arch/idt.h"
#include "arch/trap.h"
#include "arch/x86.h"
#include "console/display.h"
#include "console/input.h"
#include "console/reader.h"
#include "console/slot.h"
#include "console/sound.h"
#include "dev/fbcon.h"
#include "dev/ioapic.h"
#include "dev/kbd.h"
#include "dev/lapic.h"
#include "dev/pci.h"
#include "dev/pic.h"
#include "dev/clock.h"
#include "dev/platform.h"
#include "dev/serial.h"
#include "dev/usb/xhci.h"
#include "lib/config.h"
#include "lib/kprintf.h"
#include "lib/log.h"
#include "lib/kstring.h"
#include "lib/timeline.h"
#include "mm/mmu.h"
#include "mm/palloc.h"
#include "task/sched.h"
#include "task/syscall.h"
#include "task/task.h"

// selftest=pagefault reads here: user space, which the kernel directory
// never maps.
#define SELFTEST_FAULT_ADDR 0xBADBAD00
// selftest=highmem writes this 2 MiB into the first RAM above 4 GiB: its
// alias below 4 GiB, had PSE-36 dropped the high bits, is the kernel pool.
#define HIGHMEM_OFFSET      0x00200000
#define HIGHMEM_PATTERN     0x600DF00Du
// The log cells the idle task draws before it looks for a task again: a
// quarter of a millisecond or so with interrupts off.
#define IDLE_LOG_CELLS      64
// selftest=logflood logs this many lines at once, some 45 KB, more than the
// log's ring holds, then ends the run.
#define LOGFLOOD_LINES      1000

static struct bootinfo boot;             // the loader's hand-off, copied into the kernel
struct config config;

// kernel.ld: the kernel image in memory, .bss included.
extern char kernel_image_start[], kernel_image_end[];

static void copy_bootinfo(const struct bootinfo *bi)
{
    if (bi->version != BOOT_VERSION || bi->size != sizeof(boot))
        panic("bootinfo: version %u size %u, this kernel reads version %u size %u",
              bi->version, bi->size, BOOT_VERSION, sizeof(boot));
    memcpy(&boot, bi, sizeof(boot));
    // Another program wrote it: bound every count and string.
    if (boot.memrange_count > BOOT_MAX_MEMRANGES)
        boot.memrange_count = BOOT_MAX_MEMRANGES;
    if (boot.cart_count > BOOT_MAX_CARTS)
        boot.cart_count = BOOT_MAX_CARTS;
    for (uint32_t i = 0; i < boot.cart_count; i++)
        boot.cart[i].name[BOOT_NAME_MAX - 1] = '\0';
    boot.config_text[BOOT_CONFIG_MAX - 1] = '\0';
}

// Physical pages for both pools: the firmware's usable RAM minus the kernel
// image, as the loader reports it and as the linker laid it out.
static uint32_t init_pages(void)
{
    uint32_t start = (uint32_t)kernel_image_start;
    uint32_t end = (uint32_t)kernel_image_end;

    if (boot.kernel_base < start)
        start = boot.kernel_base;
    if (boot.kernel_end > end && boot.kernel_end < 1ull << 32)
        end = boot.kernel_end;
    return palloc_init(boot.memrange, boot.memrange_count, start, end);
}

static void log_free_pages(void)
{
    palloc_log_free("mem: ");
}

// task_pages= (tests only): a task pool small enough to run dry on purpose.
static void cap_task_pool(void)
{
    if (config.task_pages == 0)
        return;
    palloc_cap(POOL_TASK, config.task_pages);
    kprintf("mem: task pool capped at %u pages (task_pages, for tests)\n", config.task_pages);
}

static void log_config(void)
{
    kprintf("genesis: config cart=%s fps=%u exit=%s max_ticks=%u trace=%s timeline=%s "
            "repeat=%u\n", config.cart[0] ? config.cart : "(first)", config.fps,
            config.exit == EXIT_IDLE ? "idle" : "never", config.max_ticks,
            config.trace ? "on" : "off", config.timeline ? "on" : "off", config.repeat);
}

// The reader's 4 KB page: a RAM page the loader reserved (docs/abi.md).
static void map_video_buffer(void)
{
    uint8_t *va;

    if (boot.video_buffer == 0 || boot.video_buffer >= 1ull << 32) {
        kprintf("genesis: no video buffer from the loader\n");
        return;
    }
    va = mmu_map_window((uint32_t)boot.video_buffer, PGSIZE, PTE_W);
    if (!va)
        panic("genesis: no room to map the video buffer");
    reader_init(va, (uint32_t)boot.video_buffer);
    kprintf("genesis: video buffer at 0x%08x (window 0x%08x)\n",
            (uint32_t)boot.video_buffer, (uint32_t)va);
}

// PCI segment 0's ECAM window, when the MCFG gives one.
static void start_pci(void)
{
    for (uint32_t i = 0; i < acpi.ecam_count; i++) {
        if (acpi.ecam[i].segment == 0) {
            pci_init(acpi.ecam[i].base, acpi.ecam[i].bus_start, acpi.ecam[i].bus_end);
            return;
        }
    }
    pci_init(0, 0, 0);
}

// The clock and the reader's pace, from what ACPI says the PC has.
static void start_clock(void)
{
    struct clock_hardware hw = {
        acpi.pm_timer_port, acpi.pm_timer_bits, acpi.has_hpet ? acpi.hpet_addr : 0, config.rtc,
    };

    clock_init(&hw, config.max_ticks, config.fps);
}

// The idle task's work: the cartridge slot, then the log's text on the
// screen, a piece at a time, for as long as no task wants the CPU.
static int idle_work(void)
{
    slot_poll();
    return fbcon_draw(IDLE_LOG_CELLS) == IDLE_LOG_CELLS;
}

// timeline=on: the ring's pages from the kernel pool (before the free
// pages are logged for kernel ready, so the leak check counts them as
// used), and the TSC's rate for the host tool that reads it.
static void start_timeline(void)
{
    void *pages[TIMELINE_PAGES];
    uint32_t n;
    struct timeline_rate rate;

    for (n = 0; n < TIMELINE_PAGES; n++) {
        uint32_t pa = palloc_alloc(POOL_KERNEL);
        if (!pa)
            break;
        pages[n] = (void *)pa;
    }
    clock_tsc_rate(&rate.tsc, &rate.ref, &rate.ref_hz);
    timeline_name(GDT_TSS_BOOT, "boot");
    timeline_start(pages, n, &rate);
    kprintf("timeline: recording, %u events at most, TSC %u counts in %u of %u Hz\n",
            n * TIMELINE_PAGE_EVENTS, rate.tsc, rate.ref, rate.ref_hz);
}

// The run's last figures, before the halt line (end_run); the timeline
// goes straight to the wire, which is written through by now: its lines
// would take the screen seconds to draw.
static void report_run(void)
{
    log_free_pages();
    kprintf("genesis: %u clock ticks, %u reader interrupts\n", ticks, clock_reader_count());
    xhci_report();
    display_report();
    timeline_write(serial_putc);
}

// Deep enough to run off any kernel stack.
static uint32_t recurse(uint32_t depth)
{
    volatile uint8_t frame[256];

    frame[0] = (uint8_t)depth;
    return depth ? recurse(depth - 1) + frame[0] : 0;
}

// Writes a pattern through a PSE-36 window into the first usable RAM above
// 4 GiB and reads it back, and checks that the page below 4 GiB that the
// address would wrap to did not change.
static void selftest_highmem(void)
{
    uint64_t base = 0;

    for (uint32_t i = 0; i < boot.memrange_count && !base; i++)
        if (boot.memrange[i].base >= 1ull << 32 && boot.memrange[i].length >= LARGE_PGSIZE)
            base = boot.memrange[i].base;
    if (!base) {
        kprintf("genesis: selftest=highmem finds no RAM above 4 GiB\n");
        return;
    }
    uint64_t pa = ((base + LARGE_PGSIZE - 1) & ~(uint64_t)(LARGE_PGSIZE - 1)) + HIGHMEM_OFFSET;
    volatile uint32_t *high = mmu_map_window(pa, PGSIZE, PTE_W);
    const volatile uint32_t *alias = (const uint32_t *)(uint32_t)pa;
    uint32_t bad = 0;

    if (!high) {
        kprintf("genesis: selftest=highmem cannot map 0x%llx\n", pa);
        return;
    }
    for (uint32_t i = 0; i < PGSIZE / 4; i++)
        high[i] = HIGHMEM_PATTERN ^ i;
    for (uint32_t i = 0; i < PGSIZE / 4; i++)
        bad += high[i] != (HIGHMEM_PATTERN ^ i) || alias[i] == (HIGHMEM_PATTERN ^ i);
    kprintf("genesis: selftest=highmem wrote and read 4096 bytes at 0x%llx through window "
            "0x%08x: %u words wrong\n", pa, (uint32_t)high, bad);
}

// What a task lets go of when it ends: the reader, its notes.
static void task_ended(struct task *t)
{
    reader_task_end(t);
    sound_task_end(t);
}

// BOOT.CFG selftest=: faults the tests provoke in the kernel on purpose.
static void selftest(void)
{
    switch (config.selftest) {
    case SELFTEST_PAGEFAULT:
        kprintf("genesis: selftest=pagefault reads 0x%08x\n", SELFTEST_FAULT_ADDR);
        (void)*(volatile uint32_t *)SELFTEST_FAULT_ADDR;
        break;
    case SELFTEST_STACK:
        // Into the boot stack's guard page: the page fault cannot be
        // delivered on that stack, which makes a double fault.
        kprintf("genesis: selftest=stack overflows the boot stack\n");
        recurse(UINT32_MAX);
        break;
    case SELFTEST_HIGHMEM:
        selftest_highmem();
        break;
    case SELFTEST_LOGFLOOD:
        // More than the ring holds, with interrupts off: the wire cannot
        // take them all, so some are dropped and counted.  The end of the
        // run writes the rest through, with nothing else in between.
        for (uint32_t i = 0; i < LOGFLOOD_LINES; i++)
            kprintf("genesis: selftest=logflood line %04u of %u\n", i, LOGFLOOD_LINES);
        end_run(HALT_NORMAL);
    case SELFTEST_USBMSI:
        // Taken once interrupts are on, before the first tick has asked
        // a controller anything: nothing is pending.
        xhci_stray_interrupt();
    }
}

void kernel_main(const struct bootinfo *bi)
{
    serial_init();                       // COM1: the log works from here on
    log_set_wire(serial_putc);           // ... its wire, written through for now
    halt_set_report(report_run);         // what the end of a run reports
    copy_bootinfo(bi);                   // before paging: the block may lie above 4 MiB
    gdt_init();                          // flat segments for rings 0 and 3, boot TSS in TR
    idt_init();                          // exceptions now dump registers and panic
    uint32_t usable = init_pages();      // physical pages: kernel pool and task pool
    mmu_init();                          // kernel directory, 0-4 MiB identity, paging on
    trap_init();                         // double faults get a task (and a dump) of their own
    fbcon_init(&boot.fb);                // the log shows on the screen too
    log_add_display(fbcon_putc, fbcon_draw_all); // ... drawn at once while it writes through
    kprintf("genesis: Orga Génesis kernel, %u memory ranges, %u cartridges\n",
            boot.memrange_count, boot.cart_count);
    kprintf("mem: usable %u MiB below 4 GiB\n", usable / (0x100000 / PGSIZE));
    log_free_pages();
    config_parse(boot.config_text, &config, kprintf); // BOOT.CFG; each bad line logged
    log_config();
    cap_task_pool();                     // test only: task_pages= makes memory run out
    platform_init(boot.acpi_rsdp, config.acpi_damage, config.acpi_damage_kind); // CPU, ACPI
    map_video_buffer();                  // the reader's page, in a kernel window
    start_pci();                         // PCI functions: ECAM from the MCFG, else mechanism 1
    pic_init();                          // 8259s at vectors 32-47, all masked
    lapic_init();                        // virtual wire: the 8259s reach the CPU
    ioapic_init(acpi.ioapic, acpi.ioapic_count); // all masked: no IRQ arrives twice
    start_clock();                       // vectors 32 and 40 from timers that were measured
    clock_set_reader(reader_interrupt);  // ... vector 40 brings the reader a frame
    sound_init();                        // the PC speaker, if PIT channel 2 counts
    xhci_init();                         // USB controllers taken from the firmware, reset, run
    xhci_on_input(input_usb);            // ... their keyboards and pads drive the pad
    slot_init(boot.cart, boot.cart_count); // every cartridge checked, one chosen
    syscall_init();                      // the services' gates, open to ring 3
    sched_init();                        // the idle task; no FPU for tasks
    sched_set_idle_work(idle_work);      // idle inserts the cartridge, draws the log
    task_set_end_hook(task_ended);       // an ending task leaves the reader, falls silent
    kbd_init(acpi.i8042 == ACPI_8042_ABSENT); // the pad: PS/2 keyboard on vector 33
    display_init();                      // a frame every tick from the first one on
    sched_set_tick_task(&display_task);  // ... composed before the tasks run; it draws the log
    serial_start();                      // COM1's transmitter-empty interrupt on IRQ 4
    log_buffer(serial_pump);             // lines wait in a ring for the wire: no one waits
    if (config.timeline)
        start_timeline();                // kernel events recorded from here on
    log_free_pages();                    // what the halt line shows if nothing leaked
    xhci_start();                        // MSIs and the tick read USB: devices come and go from here on
    kprintf("genesis: kernel ready\n");
    selftest();
    sched_start();                       // idle inserts the cartridge, tasks run
}

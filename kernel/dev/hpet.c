// The HPET (hpet.h), after the IA-PC HPET specification 1.0a.  Registers
// are 64 bits wide; this 32-bit kernel reads their low dwords and runs the
// timers in 32-bit mode, so that one dword write sets a comparator.  The
// periodic set-up follows the specification's order (and Linux's): the
// first comparator write gives the first expiry, the second the period.
#include <stdint.h>

#include "dev/hpet.h"
#include "lib/kprintf.h"
#include "mm/mmu.h"

#define HPET_CAP            0x000        // capabilities and ID
#define HPET_PERIOD         0x004        // high dword of HPET_CAP: femtoseconds per tick
#define HPET_CONFIG         0x010
#define HPET_COUNTER        0x0F0        // main counter (low dword here)
#define HPET_TIMER_CONFIG(n) (0x100 + 0x20 * (n))
#define HPET_TIMER_CMP(n)   (0x108 + 0x20 * (n))

#define CAP_TIMERS(cap)     (((cap) >> 8 & 0x1F) + 1) // comparators in the block
#define CAP_LEGACY_ROUTE    0x00008000   // LEG_RT_CAP
#define CONFIG_ENABLE       0x00000001   // the main counter runs
#define CONFIG_LEGACY       0x00000002   // timer 0 -> IRQ 0, timer 1 -> IRQ 8
#define TIMER_LEVEL         0x00000002   // level-triggered (edge when clear)
#define TIMER_ENABLE        0x00000004   // interrupts on
#define TIMER_PERIODIC      0x00000008   // repeats by itself
#define TIMER_CAN_PERIODIC  0x00000010   // ... if it can
#define TIMER_SET_PERIOD    0x00000040   // the next comparator write sets the period
#define TIMER_32BIT         0x00000100   // a 32-bit comparator

#define PERIOD_MAX_FS       100000000    // the specification's slowest: 10 MHz
#define PERIOD_MIN_FS       232831       // faster would not fit hpet_hz's 32 bits
#define FS_PER_SECOND       1000000000000000ull
#define MOVE_SPINS          100000       // counter reads before calling it stopped

static volatile uint32_t *regs;
static uint32_t hz, timers;
static int legacy_route;
static uint32_t timer1_period;           // counter ticks between two timer 1 interrupts
static int timer1_repeats;               // it is periodic; else it is re-armed

static uint32_t reg_read(uint32_t offset)
{
    return regs[offset / 4];
}

// The low dword only: the high dwords of what is written here are read-only
// (capabilities of a timer) or unused by 32-bit timers.
static void reg_write(uint32_t offset, uint32_t value)
{
    regs[offset / 4] = value;
}

// FS_PER_SECOND / period by long division: a 32-bit kernel has no 64-bit
// divide.
static uint32_t ticks_per_second(uint32_t period)
{
    uint64_t rest = FS_PER_SECOND;
    uint32_t quotient = 0;

    for (int bit = 31; bit >= 0; bit--) {
        uint64_t part = (uint64_t)period << bit;
        if (rest >= part) {
            rest -= part;
            quotient |= 1u << bit;
        }
    }
    return quotient;
}

int hpet_init(uint64_t pa)
{
    regs = mmu_map_window(pa, 1024, PTE_W | PTE_PCD | PTE_PWT);
    if (!regs) {
        kprintf("hpet: cannot map its registers at 0x%llx\n", pa);
        return -1;
    }
    uint32_t cap = reg_read(HPET_CAP), period = reg_read(HPET_PERIOD);
    if (cap == 0xFFFFFFFF || period < PERIOD_MIN_FS || period > PERIOD_MAX_FS) {
        kprintf("hpet: at 0x%llx, capabilities 0x%08x period %u fs: not usable\n", pa, cap,
                period);
        regs = 0;
        return -1;
    }
    hz = ticks_per_second(period);
    timers = CAP_TIMERS(cap);
    legacy_route = !!(cap & CAP_LEGACY_ROUTE);
    reg_write(HPET_CONFIG, reg_read(HPET_CONFIG) | CONFIG_ENABLE);
    uint32_t first = hpet_counter();
    int spins = 0;
    while (hpet_counter() == first && ++spins < MOVE_SPINS)
        ;
    if (spins == MOVE_SPINS) {
        kprintf("hpet: at 0x%llx, its counter does not move\n", pa);
        regs = 0;
        return -1;
    }
    kprintf("hpet: at 0x%llx, %u Hz, %u timers, %s\n", pa, hz, timers,
            legacy_route ? "legacy replacement routing" : "no legacy replacement routing");
    return 0;
}

uint32_t hpet_hz(void)
{
    return hz;
}

uint32_t hpet_counter(void)
{
    return reg_read(HPET_COUNTER);
}

int hpet_has_legacy_route(void)
{
    return regs && legacy_route && timers >= 2;
}

// Timer n every `period` ticks from now; periodic when it can be, else once
// (timer 1 is re-armed by its interrupt).  Returns whether it repeats.
static int start_timer(int n, uint32_t period)
{
    uint32_t config = reg_read(HPET_TIMER_CONFIG(n)) & ~(TIMER_LEVEL | TIMER_PERIODIC);
    int periodic = !!(config & TIMER_CAN_PERIODIC);

    config |= TIMER_ENABLE | TIMER_32BIT;
    if (periodic)
        config |= TIMER_PERIODIC | TIMER_SET_PERIOD;
    reg_write(HPET_TIMER_CONFIG(n), config);
    reg_write(HPET_TIMER_CMP(n), hpet_counter() + period);
    if (periodic)
        reg_write(HPET_TIMER_CMP(n), period);
    return periodic;
}

void hpet_start_legacy(uint32_t clock_hz, uint32_t reader_hz)
{
    reg_write(HPET_CONFIG, reg_read(HPET_CONFIG) | CONFIG_LEGACY);
    // Timer 0 must repeat by itself: every HPET's timer 0 can.
    start_timer(0, hz / clock_hz);
    hpet_set_timer1_rate(reader_hz);
}

void hpet_set_timer1_rate(uint32_t rate)
{
    timer1_period = hz / rate;
    timer1_repeats = start_timer(1, timer1_period);
}

void hpet_timer1_interrupt(void)
{
    if (!timer1_repeats)
        reg_write(HPET_TIMER_CMP(1), hpet_counter() + timer1_period);
}

void hpet_stop_legacy(void)
{
    for (int n = 0; n < 2; n++)
        reg_write(HPET_TIMER_CONFIG(n), reg_read(HPET_TIMER_CONFIG(n)) &
                  ~(TIMER_ENABLE | TIMER_PERIODIC));
    reg_write(HPET_CONFIG, reg_read(HPET_CONFIG) & ~CONFIG_LEGACY);
}

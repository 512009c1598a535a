// The clock and the reader's pace, chosen by measuring (clock.h).  Each
// candidate is started, then interrupts are let in for MEASURE_MS of a
// reference timer (the ACPI PM timer, else the HPET's counter) while the
// vector-32 and vector-40 interrupts are counted; a source is kept only when
// its measured rate is within a factor of two of what was asked.  So no log
// line names a clock that does not tick: on a PC with its 8254 gated off the
// PIT is programmed, measured at 0 Hz, and left.
#include <stdint.h>

#include "arch/idt.h"
#include "arch/x86.h"
#include "dev/clock.h"
#include "dev/hpet.h"
#include "dev/lapic.h"
#include "dev/pic.h"
#include "dev/pit.h"
#include "dev/rtc.h"
#include "lib/kprintf.h"

#define PM_TIMER_HZ         3579545      // the ACPI PM timer's fixed rate
#define MEASURE_MS          100          // each measurement: 10 clock ticks
#define PROBE_READER_HZ     64           // the reader's source is measured at this rate
#define CALIBRATE_MS        (1000 / CLOCK_HZ) // the LAPIC timer counts one tick's worth
#define TSC_MEASURE_MS      10           // the TSC against the reference: 1 count in 35795
#define MOVE_SPINS          100000       // reads of a reference before calling it stopped
#define BLIND_SPINS         20000000     // no reference: how long to wait for interrupts
#define BLIND_MINIMUM       3            // ... and how many must come

enum source { SOURCE_NONE, SOURCE_PIT, SOURCE_HPET, SOURCE_LAPIC };
enum pace { PACE_RTC, PACE_HPET, PACE_CLOCK };

static const char *const pace_names[] = { "the RTC", "HPET timer 1", "the clock tick" };
static const char *const source_names[] = { "no timer", "the PIT", "HPET timer 0", "the LAPIC timer" };

volatile uint32_t ticks;
// The clock stub compares ticks with this after each increment; 0 means
// max_ticks=0, so it only matches when the counter wraps, and is ignored.
uint32_t tick_limit;
// arch/clock.asm: [EOI to the LAPIC][work every tick: the paced reader, USB].
extern void clock_stub(void), clock_stub_lapic(void), clock_stub_work(void),
            clock_stub_lapic_work(void);
static void (*const stubs[2][2])(void) = {
    { clock_stub, clock_stub_work }, { clock_stub_lapic, clock_stub_lapic_work },
};
static void (*tick_work[TICK_WORKS])(void); // clock_set_tick_work

static enum source source, probing;
static enum pace pace;
static volatile uint32_t probe_clock, probe_reader; // interrupts while measuring
static int measuring = 1;
static uint32_t reader_hz, pace_credit, reader_count;
static void (*reader_frame)(void);

// The reference the others are measured against.
static struct {
    const char *name;                    // 0: none
    uint32_t hz;
    uint32_t mask;                       // the counter's width
    uint16_t port;                       // the PM timer's; 0: the HPET's counter
} ref;

static uint32_t ref_read(void)
{
    return (ref.port ? inl(ref.port) : hpet_counter()) & ref.mask;
}

static uint32_t ref_since(uint32_t start)
{
    return (ref_read() - start) & ref.mask;
}

static int ref_moves(void)
{
    uint32_t first = ref_read();

    for (int i = 0; i < MOVE_SPINS; i++)
        if (ref_read() != first)
            return 1;
    return 0;
}

static void choose_reference(const struct clock_hardware *hw, int hpet)
{
    if (hw->pm_timer_port) {
        ref.name = "the ACPI PM timer";
        ref.hz = PM_TIMER_HZ;
        ref.mask = hw->pm_timer_bits == 32 ? 0xFFFFFFFF : 0x00FFFFFF;
        ref.port = hw->pm_timer_port;
        if (ref_moves())
            return;
        kprintf("clock: the ACPI PM timer at port 0x%x does not move\n", hw->pm_timer_port);
    }
    ref.port = 0;
    ref.name = 0;
    if (hpet) {
        ref.name = "the HPET counter";
        ref.hz = hpet_hz();
        ref.mask = 0xFFFFFFFF;
    }
}

#define IO_DELAY_PORT       0x80         // POST codes: a write takes about 1 us on the ISA bus
#define IO_DELAYS_PER_MS    1000

// clock_ms's count: whole milliseconds, and the reference's counts since the last one.
static uint32_t ms_count, ms_counts_left, ms_last;

uint32_t clock_ms(void)
{
    if (!ref.name) {
        for (int i = 0; i < IO_DELAYS_PER_MS; i++)
            outb(IO_DELAY_PORT, 0);
        return ++ms_count;
    }
    uint32_t now = ref_read(), per_ms = ref.hz / 1000;

    ms_counts_left += (now - ms_last) & ref.mask;
    ms_last = now;
    ms_count += ms_counts_left / per_ms;
    ms_counts_left %= per_ms;
    return ms_count;
}

static void ref_wait_ms(uint32_t ms)
{
    uint32_t start = ref_read(), span = ref.hz / 1000 * ms;

    while (ref_since(start) < span)
        ;
}

void clock_tsc_rate(uint32_t *tsc, uint32_t *ref_counts, uint32_t *ref_hz)
{
    uint32_t first, start, span;
    uint64_t tsc_start;

    *tsc = *ref_counts = *ref_hz = 0;
    if (!ref.name)
        return;
    // From an edge of the reference to one TSC_MEASURE_MS later, both read
    // together at each end: no rounding to whole milliseconds.
    first = ref_read();
    while ((start = ref_read()) == first)
        ;
    tsc_start = rdtsc();
    while ((span = ref_since(start)) < ref.hz / 1000 * TSC_MEASURE_MS)
        ;
    *tsc = (uint32_t)(rdtsc() - tsc_start);
    *ref_counts = span;
    *ref_hz = ref.hz;
}

// Interrupts in for MEASURE_MS; the measured rates of vectors 32 and 40 in
// Hz.  Without a reference, the counts in a bounded spin stand in for rates
// (enough to tell a silent source from a live one).
static void measure(uint32_t *clock_rate, uint32_t *reader_rate)
{
    probe_clock = probe_reader = 0;
    sti();
    if (ref.name) {
        ref_wait_ms(MEASURE_MS);
    } else {
        for (uint32_t i = 0; i < BLIND_SPINS && probe_clock < BLIND_MINIMUM * 2; i++)
            pause();
    }
    cli();
    *clock_rate = ref.name ? probe_clock * 1000 / MEASURE_MS : probe_clock;
    *reader_rate = ref.name ? probe_reader * 1000 / MEASURE_MS : probe_reader;
}

static int rate_ok(uint32_t measured, uint32_t asked)
{
    if (!ref.name)
        return measured >= BLIND_MINIMUM;
    return measured * 2 >= asked && measured <= asked * 2;
}

#define RATE_TEXT_MAX       64

// "measured 100 Hz against the ACPI PM timer", or without a reference only
// what was seen: no rate is claimed that was not measured.
static const char *rate_text(char text[RATE_TEXT_MAX], uint32_t rate)
{
    if (ref.name)
        ksnprintf(text, RATE_TEXT_MAX, "measured %u Hz against %s", rate, ref.name);
    else
        ksnprintf(text, RATE_TEXT_MAX, "%u interrupts seen, no reference to time them", rate);
    return text;
}

// The PIT on IRQ 0 and the RTC on IRQ 8, measured together.  Returns
// whether the RTC's interrupts arrive.
static int try_pit(int rtc)
{
    uint32_t clock_rate, reader_rate;
    char text[RATE_TEXT_MAX];

    probing = SOURCE_PIT;
    pit_start(CLOCK_HZ);
    if (rtc)
        rtc_start(PROBE_READER_HZ);
    pic_enable(IRQ_PIT);
    pic_enable(IRQ_RTC);
    measure(&clock_rate, &reader_rate);
    if (rate_ok(clock_rate, CLOCK_HZ)) {
        source = SOURCE_PIT;
        kprintf("clock: vector 32 from the PIT at %u Hz, %s\n", CLOCK_HZ,
                rate_text(text, clock_rate));
    } else {
        kprintf("clock: the PIT does not tick (%s)\n", rate_text(text, clock_rate));
        pic_disable(IRQ_PIT);
    }
    if (!rate_ok(reader_rate, PROBE_READER_HZ)) {
        kprintf("clock: the RTC's periodic interrupt does not arrive (%s)\n",
                rate_text(text, reader_rate));
        rtc_stop();
        pic_disable(IRQ_RTC);
        return 0;
    }
    kprintf("clock: the RTC's periodic interrupt arrives at %u Hz, %s\n", PROBE_READER_HZ,
            rate_text(text, reader_rate));
    return 1;
}

// HPET timer 0 on IRQ 0 and timer 1 on IRQ 8 (legacy replacement, which
// takes IRQ 8 from the RTC).
static int try_hpet(void)
{
    uint32_t clock_rate, reader_rate;
    char text[RATE_TEXT_MAX];

    if (!hpet_has_legacy_route())
        return 0;
    probing = SOURCE_HPET;
    pace = PACE_HPET;
    rtc_stop();
    hpet_start_legacy(CLOCK_HZ, PROBE_READER_HZ);
    pic_enable(IRQ_PIT);
    pic_enable(IRQ_RTC);
    // The RTC, cut off from IRQ 8 now, comes back only if the HPET fails.
    measure(&clock_rate, &reader_rate);
    if (!rate_ok(clock_rate, CLOCK_HZ)) {
        kprintf("clock: HPET timer 0 does not tick (%s)\n", rate_text(text, clock_rate));
        hpet_stop_legacy();
        pic_disable(IRQ_PIT);
        // IRQ 8 is the RTC's again, if it was there to begin with.
        pace = PACE_RTC;
        rtc_start(PROBE_READER_HZ);
        return 0;
    }
    source = SOURCE_HPET;
    kprintf("clock: vector 32 from HPET timer 0 (legacy replacement) at %u Hz, %s\n", CLOCK_HZ,
            rate_text(text, clock_rate));
    if (rate_ok(reader_rate, PROBE_READER_HZ)) {
        kprintf("clock: HPET timer 1 on vector 40 at %u Hz, %s\n", PROBE_READER_HZ,
                rate_text(text, reader_rate));
    } else {
        kprintf("clock: HPET timer 1 does not interrupt (%s)\n", rate_text(text, reader_rate));
        pace = PACE_CLOCK;
    }
    return 1;
}

// The LAPIC timer, counted against the reference for one tick's worth of
// time, then periodic on vector 32 (its EOI goes to the LAPIC).
static int try_lapic(void)
{
    uint32_t clock_rate, reader_rate, count;
    char text[RATE_TEXT_MAX];

    if (!lapic_usable() || !ref.name)
        return 0;
    pic_disable(IRQ_PIT);
    lapic_timer_measure();
    ref_wait_ms(CALIBRATE_MS);
    count = lapic_timer_elapsed();
    if (count == 0) {
        kprintf("clock: the LAPIC timer does not count\n");
        return 0;
    }
    probing = SOURCE_LAPIC;
    lapic_timer_start(count);
    measure(&clock_rate, &reader_rate);
    if (!rate_ok(clock_rate, CLOCK_HZ)) {
        kprintf("clock: the LAPIC timer does not interrupt (%s)\n", rate_text(text, clock_rate));
        lapic_timer_stop();
        return 0;
    }
    source = SOURCE_LAPIC;
    kprintf("clock: vector 32 from the LAPIC timer at %u Hz (%u counts a tick, calibrated), "
            "%s\n", CLOCK_HZ, count, rate_text(text, clock_rate));
    return 1;
}

// Every tick, when there is work for it (the clock stub calls it): the
// tick's work, then the reader paced by the clock: a frame whenever a tick
// brings the reader's share of a second past CLOCK_HZ; at most one a tick.
void clock_tick_work(void)
{
    if (tick_work[TICK_USB])
        tick_work[TICK_USB]();
    if (tick_work[TICK_SOUND])
        tick_work[TICK_SOUND]();
    if (pace != PACE_CLOCK)
        return;
    pace_credit += reader_hz;
    if (pace_credit < CLOCK_HZ)
        return;
    pace_credit = pace_credit >= 2 * CLOCK_HZ ? 0 : pace_credit - CLOCK_HZ;
    reader_count++;
    if (reader_frame)
        reader_frame();
}

// The clock's stub: the plain one unless the tick has work to do.
static void choose_stub(void)
{
    int work = pace == PACE_CLOCK || tick_work[TICK_USB] || tick_work[TICK_SOUND];

    idt_set_gate(T_CLOCK, stubs[source == SOURCE_LAPIC][work], 0);
}

void clock_init(const struct clock_hardware *hw, uint32_t max_ticks, uint32_t reader_rate)
{
    int hpet = hw->hpet_addr && hpet_init(hw->hpet_addr) == 0;
    int rtc_arrives;

    tick_limit = max_ticks;
    choose_reference(hw, hpet);
    if (ref.name)
        kprintf("clock: measuring against %s\n", ref.name);
    else
        kprintf("clock: no reference timer (no ACPI PM timer, no HPET): interrupts are counted, "
                "rates not measured\n");
    rtc_arrives = try_pit(hw->rtc);
    if (!source && !try_hpet() && !try_lapic())
        panic("clock: no timer interrupts on this PC: neither the PIT, nor HPET timer 0 "
              "(%s), nor the LAPIC timer (%s)", hpet ? "present" : "absent",
              lapic_usable() ? (ref.name ? "present" : "no reference to calibrate it")
                             : "absent");
    if (source != SOURCE_HPET)
        pace = rtc_arrives ? PACE_RTC : PACE_CLOCK;
    clock_set_reader_rate(reader_rate);
    kprintf("clock: vector 40 (the reader) from %s\n", pace_names[pace]);
    choose_stub();
    measuring = 0;
}

void clock_describe(struct clock_view *out)
{
    *out = (struct clock_view){ source_names[source], CLOCK_HZ, pace_names[pace], reader_hz };
}

void clock_set_tick_work(enum tick_work which, void (*work)(void))
{
    tick_work[which] = work;
    choose_stub();
}

void clock_set_reader(void (*frame)(void))
{
    reader_frame = frame;
}

void clock_set_reader_rate(uint32_t hz)
{
    reader_hz = hz;
    if (pace == PACE_RTC)
        rtc_set_rate(hz);
    else if (pace == PACE_HPET)
        hpet_set_timer1_rate(hz);
}

void clock_reader_interrupt(void)
{
    if (pace == PACE_HPET)
        hpet_timer1_interrupt();
    else
        rtc_interrupt();
    if (measuring) {
        probe_reader++;
        return;
    }
    reader_count++;
    if (reader_frame)
        reader_frame();
}

void clock_probe_interrupt(void)
{
    probe_clock++;
    if (probing == SOURCE_LAPIC)
        lapic_eoi();
    else
        pic_eoi(IRQ_PIT);
}

uint32_t clock_reader_count(void)
{
    return reader_count;
}

int clock_tick_pending(void)
{
    return source == SOURCE_LAPIC ? lapic_pending(T_CLOCK) : pic_pending(IRQ_PIT);
}

void clock_limit_reached(void)
{
    if (tick_limit == 0)
        return;
    kprintf("genesis: max_ticks reached, ticks=%u\n", ticks);
    end_run(HALT_NORMAL);
}

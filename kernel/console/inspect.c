// The inspector: rows of text over the task windows.  Its numbers come from
// the layers that keep them (task/: CPU cycles, services, last faults, the
// TSSs; arch/: the GDT and IDT; dev/: the clock; mm/: free pages; the reader:
// copy pages), read by the display task at a frame, when every task is
// stopped, so a row shows one moment.
//
// Cost: the text is made again four times a second, not every frame, and
// only the characters that differ from what the overlay shows are drawn, as
// the status bar does; a frame without a refresh costs a comparison of the
// tick count.  While the overlay is up the windows under it are not composed
// at all, so it never costs more than the frames it replaces.
#include <stdint.h>

#include "arch/gdt.h"
#include "arch/idt.h"
#include "arch/x86.h"
#include "console/inspect.h"
#include "console/reader.h"
#include "dev/clock.h"
#include "dev/fbcon.h"
#include "lib/kprintf.h"
#include "lib/kstring.h"
#include "mm/memlayout.h"
#include "mm/palloc.h"
#include "task/sched.h"
#include "task/task.h"

#define INSPECT_ROWS        24           // text rows the overlay has at most
#define INSPECT_COLUMNS     160          // characters a row has at most
#define REFRESH_TICKS       (CLOCK_HZ / 4) // the text is made again four times a second
#define SHARE_TICKS         CLOCK_HZ     // CPU shares are over the last second
#define SHARE_BITS          22           // cycles are cut to this many bits to divide in 32
#define WATCHED             (TASK_SLOTS + 2) // tasks A-D, the idle task, the display task
#define WATCH_IDLE          TASK_SLOTS
#define WATCH_DISPLAY       (TASK_SLOTS + 1)

#define COLOR_PAPER         0x101830     // 0xRRGGBB
#define COLOR_INK           0xE8E8E8

// Columns of the task table.
#define COL_NAME            1
#define COL_STATE           10
#define COL_EIP             20
#define COL_ESP             32
#define COL_CR3             44
#define COL_CODE            56
#define COL_DATA            62
#define COL_STACK           68
#define COL_COPY            75
#define COL_CPU             88
#define COL_SERVICES        96

static const struct surface *fb;
static uint32_t cell_w, cell_h, paper, ink;
static struct rect area;
static uint32_t rows, columns;           // of the area, within the limits above
static int shown;
static int lost;                         // the area must be painted and drawn whole
static uint32_t refreshed_at;            // the tick of the last refresh

static char made[INSPECT_ROWS][INSPECT_COLUMNS + 1]; // the text of the last refresh
static char drawn[INSPECT_ROWS][INSPECT_COLUMNS + 1]; // what the overlay shows
static uint32_t made_rows, length;       // rows made so far, characters in the last one

// CPU shares: each watched task's cycles at the start of the second, and
// the shares of the last whole second, in tenths of a percent.
static uint64_t share_base[WATCHED], share_base_tsc;
static uint32_t share_tick, share_tenths[WATCHED];
static int share_known;

// What drawing costs, for inspect_report.
static uint32_t shows, refreshes, cells;
static uint32_t whole_tsc_max, refresh_tsc_max;
static uint64_t refresh_tsc_total;

// The inspector runs only in the display task's frames: the running task
// is the display.
static const struct task *watched(int i)
{
    if (i == WATCH_IDLE)
        return sched_idle_task();
    if (i == WATCH_DISPLAY)
        return current;
    return &tasks[i];
}

// A new row.
static void row(void)
{
    if (made_rows < rows) {
        made[made_rows][0] = '\0';
        made_rows++;
    }
    length = 0;
}

// Text at `column` of the current row: spaces up to it, the text cut at the
// row's end.
static void field(uint32_t column, const char *text)
{
    char *line;

    if (made_rows == 0 || made_rows > rows)
        return;
    line = made[made_rows - 1];
    for (; length < column && length < columns; length++)
        line[length] = ' ';
    for (; *text && length < columns; text++)
        line[length++] = *text;
    line[length] = '\0';
}

// Starts the count of a second (start), or, once a second has passed,
// computes the shares of that second and starts the next.
static void share_sample(int start)
{
    uint64_t now = rdtsc();
    uint64_t total = now - share_base_tsc;
    uint32_t shift = 0;

    if (!start && ticks - share_tick < SHARE_TICKS)
        return;
    while (total >> (SHARE_BITS + shift))
        shift++;
    for (int i = 0; i < WATCHED; i++) {
        uint64_t cycles = sched_cpu_tsc(watched(i));
        // A task restarted since the last sample counts from 0.
        uint64_t spent = cycles >= share_base[i] ? cycles - share_base[i] : cycles;
        if (!start && total >> shift)
            share_tenths[i] = (uint32_t)(spent >> shift) * 1000 / (uint32_t)(total >> shift);
        share_base[i] = cycles;
    }
    share_known = !start;
    share_tick = ticks;
    share_base_tsc = now;
}

static const char *gdt_word(const struct gdt_view *v)
{
    static const char *const words[][4] = {
        [GDT_KIND_CODE] = { "code0", "code1", "code2", "code3" },
        [GDT_KIND_DATA] = { "data0", "data1", "data2", "data3" },
    };

    switch (v->kind) {
    case GDT_KIND_EMPTY:
        return "-";
    case GDT_KIND_CODE:
    case GDT_KIND_DATA:
        return words[v->kind][v->dpl];
    case GDT_KIND_TSS:
        return "tss";
    case GDT_KIND_TSS_BUSY:
        return "tss*";
    default:
        return "?";
    }
}

// Every slot but the null one: "1:code0 2:data0 ... 5:tss* ..." (* busy).
static void gdt_row(void)
{
    char text[24];

    row();
    field(COL_NAME, "GDT");
    for (int i = 1; i < GDT_ENTRIES; i++) {
        struct gdt_view v;
        gdt_describe(i, &v);
        ksnprintf(text, sizeof(text), "%d:%s", i, gdt_word(&v));
        field(length + 1, text);
    }
}

// Runs of vectors with the same kind of gate: "0-7:int0 8:task ... 88-96:int3".
static void idt_row(void)
{
    static const char *const words[] = {
        [IDT_KIND_INTERRUPT] = "int", [IDT_KIND_TASK] = "task", [IDT_KIND_OTHER] = "?",
    };
    char text[32];
    int first = -1;
    struct idt_view run = { IDT_KIND_EMPTY, 0 };

    row();
    field(COL_NAME, "IDT");
    for (int v = 0; v <= IDT_ENTRIES; v++) {
        struct idt_view g = { IDT_KIND_EMPTY, 0 };
        if (v < IDT_ENTRIES)
            idt_describe(v, &g);
        if (first >= 0 && (g.kind != run.kind || g.dpl != run.dpl)) {
            if (first == v - 1)
                ksnprintf(text, sizeof(text), "%d:%s", first, words[run.kind]);
            else
                ksnprintf(text, sizeof(text), "%d-%d:%s", first, v - 1, words[run.kind]);
            if (run.kind == IDT_KIND_INTERRUPT)
                ksnprintf(text + strlen(text), sizeof(text) - strlen(text), "%d", run.dpl);
            field(length + 1, text);
            first = -1;
        }
        if (first < 0 && g.kind != IDT_KIND_EMPTY) {
            first = v;
            run = g;
        }
    }
}

static const char *state_word(const struct task *t)
{
    switch (t->state) {
    case TASK_RUNNABLE:
        return t == current ? "drawing" : "runnable";
    case TASK_BLOCKED:
        return "waiting";
    case TASK_ZOMBIE:
        return "ended";
    default:
        return t->end_cause == END_KILLED ? "killed" : t->end_cause == END_EXITED ? "exited" : "-";
    }
}

static void hex_field(uint32_t column, uint32_t value)
{
    char text[12];

    ksnprintf(text, sizeof(text), "0x%08x", value);
    field(column, text);
}

static void number_field(uint32_t column, uint32_t value)
{
    char text[12];

    ksnprintf(text, sizeof(text), "%u", value);
    field(column, text);
}

static void task_row(int i)
{
    const struct task *t = watched(i);
    const char letter[] = { (char)('A' + i), '\0' };
    char text[16];

    row();
    // A slot whose task never started has no name yet.
    field(COL_NAME, t->name[0] ? t->name : letter);
    field(COL_STATE, state_word(t));
    if (t->state == TASK_FREE)
        return;
    if (t == current) {
        field(COL_EIP, "(this)");
    } else if (i < TASK_SLOTS) {
        struct task_regs regs;
        task_user_regs(t, &regs);
        hex_field(COL_EIP, regs.eip);
        hex_field(COL_ESP, regs.esp);
    } else {
        hex_field(COL_EIP, t->tss.eip);
        hex_field(COL_ESP, t->tss.esp);
    }
    hex_field(COL_CR3, t->tss.cr3);
    if (i < TASK_SLOTS) {
        uint32_t copy = reader_copy_page(t);
        number_field(COL_CODE, t->code_pages);
        number_field(COL_DATA, t->data_pages);
        number_field(COL_STACK, USER_STACK_PAGES);
        // A task reading in DMA mode has the reader's own buffer mapped at
        // USER_DMA_PAGE; a copy page stays mapped after it closes.
        if (reader_open_mode(t) == READER_DMA)
            field(COL_COPY, "DMA");
        else if (copy)
            hex_field(COL_COPY, copy);
        else
            field(COL_COPY, "-");
    }
    if (share_known) {
        ksnprintf(text, sizeof(text), "%u.%u%%", share_tenths[i] / 10, share_tenths[i] % 10);
        field(COL_CPU, text);
    }
    if (i < TASK_SLOTS)
        number_field(COL_SERVICES, t->services);
}

static void fault_row(int i)
{
    const struct task_fault *f = &tasks[i].last_fault;
    const char letter[] = { (char)('A' + i), '\0' };
    char text[80];

    row();
    field(COL_NAME, letter);
    if (f->tick == 0 && f->vector == 0) {
        field(COL_STATE, "none");
        return;
    }
    ksnprintf(text, sizeof(text), "vector=%u eip=0x%08x cr2=0x%08x at tick %u", f->vector, f->eip,
              f->cr2, f->tick);
    field(COL_STATE, text);
}

static void make_text(uint32_t fps)
{
    struct clock_view clock;
    uint32_t kernel_free = palloc_free_pages(POOL_KERNEL), task_free = palloc_free_pages(POOL_TASK);
    char text[128];

    clock_describe(&clock);
    made_rows = 0;
    row();
    field(COL_NAME, "Inspector: F1 hides it, F5 restarts the cartridge");
    ksnprintf(text, sizeof(text), "tick %u", ticks);
    field(COL_CPU, text);
    row();
    ksnprintf(text, sizeof(text), "clock   vector 32 from %s at %u Hz, vector 40 (reader) from %s at "
              "%u Hz", clock.clock, clock.clock_hz, clock.reader, clock.reader_hz);
    field(COL_NAME, text);
    row();
    ksnprintf(text, sizeof(text), "memory  %u pages free: kernel pool %u, task pool %u",
              kernel_free + task_free, kernel_free, task_free);
    field(COL_NAME, text);
    ksnprintf(text, sizeof(text), "%u frames a second", fps);
    field(COL_CPU, text);
    gdt_row();
    idt_row();
    row();
    row();
    field(COL_NAME, "task");
    field(COL_STATE, "state");
    field(COL_EIP, "EIP");
    field(COL_ESP, "ESP");
    field(COL_CR3, "CR3");
    field(COL_CODE, "code");
    field(COL_DATA, "data");
    field(COL_STACK, "stack");
    field(COL_COPY, "reader page");
    field(COL_CPU, "CPU");
    field(COL_SERVICES, "services");
    for (int i = 0; i < WATCHED; i++)
        task_row(i);
    row();
    row();
    field(COL_NAME, "last fault of each task slot (it stays after a restart)");
    for (int i = 0; i < TASK_SLOTS; i++)
        fault_row(i);
    // Every row as wide as the area: spaces draw over what a longer text left.
    for (uint32_t r = 0; r < rows; r++) {
        uint32_t n = r < made_rows ? strlen(made[r]) : 0;
        memset(made[r] + n, ' ', columns - n);
        made[r][columns] = '\0';
    }
}

// Draws the characters of each row that differ from what is shown.
static void draw_changes(void)
{
    char piece[INSPECT_COLUMNS + 1];

    for (uint32_t r = 0; r < rows; r++) {
        uint32_t first = 0, last = columns;
        while (first < columns && made[r][first] == drawn[r][first])
            first++;
        if (first == columns)
            continue;
        while (made[r][last - 1] == drawn[r][last - 1])
            last--;
        memcpy(piece, made[r] + first, last - first);
        piece[last - first] = '\0';
        fbcon_text(area.x + first * cell_w, area.y + r * cell_h, piece, ink, paper);
        memcpy(drawn[r] + first, piece, last - first);
        cells += last - first;
    }
}

// The overlay as a blank page: painted, and every row known to show spaces.
static void paint(void)
{
    surface_fill(fb, area, paper);
    for (uint32_t r = 0; r < rows; r++) {
        memset(drawn[r], ' ', columns);
        drawn[r][columns] = '\0';
    }
}

void inspect_init(const struct surface *s, uint32_t w, uint32_t h)
{
    fb = s;
    cell_w = w;
    cell_h = h;
    if (fb) {
        paper = surface_pixel(fb, COLOR_PAPER);
        ink = surface_pixel(fb, COLOR_INK);
    }
}

// What a person can hold the screen against: values that stay put while
// the tasks run.
static void log_shown(void)
{
    static const char *const open_words[] = {
        [READER_NONE] = "none", [READER_DMA] = "dma", [READER_COPY] = "copy",
    };

    kprintf("inspect: shown over %u,%u size %ux%u, %u rows of %u columns\n", area.x, area.y,
            area.w, area.h, rows, columns);
    for (int i = 0; i < TASK_SLOTS; i++) {
        const struct task *t = &tasks[i];
        if (task_is_live(t))
            kprintf("inspect: task %s cr3=0x%08x code=%u data=%u stack=%u copy=0x%08x open=%s\n",
                    t->name, t->tss.cr3, t->code_pages, t->data_pages, USER_STACK_PAGES,
                    reader_copy_page(t), open_words[reader_open_mode(t)]);
    }
}

struct rect inspect_toggle(struct rect r)
{
    if (shown) {
        shown = 0;
        sched_count_cpu(0);
        kprintf("inspect: hidden\n");
        return area;
    }
    if (!fb || r.w < cell_w || r.h < cell_h || r.x + r.w > fb->width || r.y + r.h > fb->height) {
        kprintf("inspect: no room on the screen\n");
        return (struct rect){ 0, 0, 0, 0 };
    }
    area = r;
    rows = area.h / cell_h < INSPECT_ROWS ? area.h / cell_h : INSPECT_ROWS;
    columns = area.w / cell_w < INSPECT_COLUMNS ? area.w / cell_w : INSPECT_COLUMNS;
    shown = 1;
    lost = 1;
    shows++;
    sched_count_cpu(1);
    share_sample(1);
    log_shown();
    return (struct rect){ 0, 0, 0, 0 };
}

int inspect_shown(void)
{
    return shown;
}

void inspect_lost(void)
{
    lost = 1;
}

void inspect_draw(uint32_t fps)
{
    uint64_t start;
    uint32_t spent;
    int whole = lost;

    if (!shown || (!lost && ticks - refreshed_at < REFRESH_TICKS))
        return;
    start = rdtsc();
    if (lost)
        paint();
    lost = 0;
    refreshed_at = ticks;
    share_sample(0);
    make_text(fps);
    draw_changes();
    spent = (uint32_t)(rdtsc() - start);
    if (whole) {
        whole_tsc_max = spent > whole_tsc_max ? spent : whole_tsc_max;
    } else {
        refreshes++;
        refresh_tsc_total += spent;
        refresh_tsc_max = spent > refresh_tsc_max ? spent : refresh_tsc_max;
    }
}

void inspect_report(void)
{
    kprintf("inspect: shown=%u refreshes=%u cells=%u whole_tsc_max=%u refresh_tsc_max=%u "
            "refresh_tsc_total=0x%08x%08x\n", shows, refreshes, cells, whole_tsc_max,
            refresh_tsc_max, (uint32_t)(refresh_tsc_total >> 32), (uint32_t)refresh_tsc_total);
}

// The display task.  Each clock tick the scheduler runs it before the next
// task (sched_tick): it handles a select press (a cartridge swap), composes
// a frame, and wakes the tasks waiting for one.  It runs with interrupts
// off like all kernel code, and the tasks are stopped meanwhile, so every
// window shows its screen as it was at one moment: nothing tears.
//
// Composing only redraws what changed, and finds out cheaply, because a
// tick with nothing new must cost next to nothing (docs/console.md gives
// the figures):
// - a screen is looked at only when the CPU set the Dirty bit of its page's
//   entry in the task's page table since the last frame: the display reads
//   and clears the bit, then copies the rows that differ from its copy of
//   what the window shows (compose_screen);
// - a label is described again only when its task's state changed;
// - the status bar is written again a few times a second, with the frame
//   rate, and draws only the characters that changed;
// - the log's text is drawn by fbcon_draw, only where it changed.
// The framebuffer is only ever written.
//
// Why clearing D needs no invlpg.  The CPU sets D when a write finds it
// clear; a TLB entry that caches D set lets later writes through without
// touching the table, so a cleared bit would stay clear.  But the display
// runs in its own address space (kernel_dir, which maps no user page) and
// gets there by a hardware task switch, whose CR3 load flushes every TLB
// entry (the kernel maps no global page: CR4.PGE is clear).  So while the
// display clears a task's bit, no TLB holds that task's screen entry, and
// the switch back into the task loads its CR3 again: its first write after
// that walks the table and sets D anew.  There is one CPU, and the tasks
// are stopped while the display runs, so nothing else writes the entry.
//
// Why no write is lost.  The bit is cleared before the screen is copied:
// a write that lands after the clearing (none can on one CPU, but the
// order holds wherever the copy is made; selftest=composerace lets the
// tasks run right there) sets the bit again and shows in the next frame.
// Nothing else writes a screen: its frame is the task's own, mapped at
// USER_SCREEN_PAGE in its directory only (the reader's copy page is another
// frame, uaccess only reads), and the display's kmap of it only reads.
#include <stdint.h>

#include "arch/gdt.h"
#include "arch/sse.h"
#include "arch/x86.h"
#include "console/compose.h"
#include "console/display.h"
#include "console/inspect.h"
#include "console/input.h"
#include "console/slot.h"
#include "dev/fbcon.h"
#include "dev/clock.h"
#include "lib/config.h"
#include "lib/kprintf.h"
#include "lib/kstring.h"
#include "lib/timeline.h"
#include "lib/utf8.h"
#include "mm/mmu.h"
#include "mm/palloc.h"
#include "task/sched.h"
#include "task/task.h"

#define DISPLAY_STACK       8192
#define LABEL_MAX           TASK_ENDING_MAX
#define STATUS_MAX          512          // bytes of status bar text (UTF-8)
#define FPS_TICKS           (CLOCK_HZ / 4) // the frame rate is counted, and the status bar
                                         // written, every quarter second
#define LOG_CELLS           16           // log cells drawn a frame at most, whatever a
                                         // task prints; the idle task draws the rest

#define COLOR_BACKGROUND    0x000000     // 0xRRGGBB
#define COLOR_STATUS        0x1C2A5A
#define COLOR_STATUS_TEXT   0xFFFFFF
#define COLOR_LABEL_TEXT    0xC0C0C0
#define COLOR_KILLED        0x58101C
#define COLOR_KILLED_TEXT   0xFFE0E0

struct task display_task;
static uint8_t display_stack[DISPLAY_STACK] __attribute__((aligned(16)));

static const struct surface *fb;         // 0: no framebuffer, nothing to draw
static uint32_t cell_w, cell_h;          // a character on the screen, in pixels
static struct layout layout;
static uint32_t layout_insertion;        // slot_insertions when the layout was made
static uint32_t palette[PALETTE_SIZE];
static uint32_t background, status_paper, status_ink, label_ink, killed_paper, killed_ink;

static struct window {
    uint8_t shown[SCREEN_BYTES];         // the screen as the window shows it
    pte_t *screen_pte;                   // the task's entry for its screen; 0: not looked up
                                         // since the layout was made
    const struct task *task;             // the task it shows
    int state;                           // the task state its label tells; -1: none drawn
    int force;                           // redraw every row next frame
    int panel;                           // it shows why its task was killed
} windows[MAX_WINDOWS] __attribute__((aligned(4)));

static char status[STATUS_MAX];          // what the status bar says
static int status_due;                   // write it at the next frame (a new cartridge)
static uint32_t selects_seen;            // select presses handled (each a swap)
static uint32_t restarts_seen;           // restart key presses handled
static uint32_t inspects_seen;           // inspect key presses handled
static uint32_t waiters;                 // bit i: task slot i waits for the next frame
static int overran;                      // the last frame took past the next tick

// Counters for display_report and the status bar.
static uint32_t frames, skipped, full_frames;
static uint32_t second_start_tick, second_start_frame, fps;
static uint64_t tsc_first, tsc_total;     // at the first frame; spent in frames
static uint32_t tsc_full_min = UINT32_MAX, tsc_full_max;

static int overlap(struct rect a, struct rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static int killed(const struct task *t)
{
    return !task_is_live(t) && t->end_cause == END_KILLED;
}

// "A  running", "A  waiting", "A  exited status=0", "A  killed" ...
static void describe(const struct task *t, char letter, char *out, uint32_t size)
{
    const char *what = t->state == TASK_RUNNABLE ? "running" :
                       t->state == TASK_BLOCKED ? "waiting" :
                       killed(t) ? "killed" : t->ending[0] ? t->ending : "not started";

    ksnprintf(out, size, "%c  %s", letter, what);
}

// Draws text at (x, y), cut to `columns` characters.
static void text(uint32_t x, uint32_t y, const char *s, uint32_t columns, uint32_t ink,
                 uint32_t paper)
{
    char cut[STATUS_MAX];
    uint32_t n = 0, chars = 0;

    for (; s[n] && n + 1 < sizeof(cut); n++) {
        if (((uint8_t)s[n] & 0xC0) != 0x80 && ++chars > columns)
            break;
        cut[n] = s[n];
    }
    cut[n] = '\0';
    fbcon_text(x, y, cut, ink, paper);
}

static void draw_label(int i, const char *label)
{
    struct rect r = layout.label[i];

    surface_fill(fb, r, background);
    text(r.x, r.y, label, r.w / cell_w, label_ink, background);
}

// A killed task's window: its log line, broken into lines at spaces.
static void draw_panel(int i, const char *ending)
{
    struct rect r = layout.window[i];
    uint32_t columns = r.w / cell_w - 2;
    char line[LABEL_MAX];

    surface_fill(fb, r, killed_paper);
    for (uint32_t y = r.y + cell_h; *ending && y + 2 * cell_h <= r.y + r.h; y += cell_h) {
        uint32_t n = 0, cut = 0;
        for (; ending[n] && n < columns && n + 1 < sizeof(line); n++)
            if (ending[n] == ' ')
                cut = n;
        if (!ending[n] || ending[n] == ' ' || !cut)
            cut = n;
        memcpy(line, ending, cut);
        line[cut] = '\0';
        fbcon_text(r.x + cell_w, y, line, killed_ink, killed_paper);
        for (ending += cut; *ending == ' '; ending++)
            ;
    }
}

// The window and its label are drawn whole at the next frame.
static void forget_window(uint32_t i)
{
    windows[i].state = -1;
    windows[i].force = 1;
    windows[i].panel = 0;
}

// A new cartridge (or none): where its windows go, its palette, and the
// log in the rows below.
static void new_layout(void)
{
    const struct cart_info *info = slot_inserted ? &slot_inserted->info : 0;
    uint32_t n = info ? info->task_count : 0;

    layout_insertion = slot_insertions;
    if (!compose_layout(fb->width, fb->height, cell_h, n, &layout) && n)
        kprintf("display: %ux%u is too small for %u windows\n", fb->width, fb->height, n);
    surface_fill(fb, layout.status, status_paper);
    status[0] = '\0';
    status_due = 1;
    // Without a cartridge the slot has drawn the title screen below.
    if (!info)
        return;
    compose_palette(fb, slot_inserted->image + info->palette_offset, info->palette_count,
                    palette);
    surface_fill(fb, (struct rect){ 0, cell_h, fb->width, layout.log.y - cell_h }, background);
    fbcon_log_rows(layout.log.y / cell_h);
    inspect_lost();
    for (uint32_t i = 0; i < layout.windows; i++) {
        windows[i].screen_pte = 0;
        windows[i].task = &tasks[info->task[i].letter - 'A'];
        forget_window(i);
        kprintf("display: window %c at %u,%u size %u scale %u\n", info->task[i].letter,
                layout.window[i].x, layout.window[i].y, layout.window[i].w, layout.scale);
    }
}

// The label, when its task's state changed (the text follows from the
// state: the ending is written before the task leaves the live states).
static void update_label(int i, const struct task *t)
{
    char label[LABEL_MAX];

    if ((int)t->state == windows[i].state)
        return;
    describe(t, (char)('A' + (t - tasks)), label, sizeof(label));
    draw_label(i, label);
    windows[i].state = t->state;
}

// selftest=composerace: the display stops between clearing a screen's
// Dirty bit and copying the screen, and the tasks run until the next tick,
// the moment a write would be lost if the order were the other way round.
static void let_tasks_write(void)
{
    static int said;

    if (!said) {
        said = 1;
        kprintf("display: selftest=composerace: tasks run between a screen's Dirty bit "
                "cleared and its copy\n");
    }
    display_task.state = TASK_BLOCKED;
    sched_yield();
}

// Returns the rows drawn.
static uint32_t draw_window(int i)
{
    struct window *w = &windows[i];
    const struct task *t = w->task;
    uint32_t drawn = 0;

    update_label(i, t);
    if (task_is_live(t)) {
        // A live task is the one made at this layout's insertion: its
        // directory, and the table that maps its screen, stay until it ends.
        if (!w->screen_pte)
            w->screen_pte = mmu_walk(t->pd, USER_SCREEN_PAGE, 0, 0);
        if (!mmu_take_dirty(w->screen_pte) && !w->force)
            return 0;
        if (config.selftest == SELFTEST_COMPOSERACE)
            let_tasks_write();
        const uint8_t *screen = kmap(PTE_ADDR(*w->screen_pte));
        // SSE only around the copy, so that a frame with nothing to copy
        // pays for no CR0 write.
        if (sse_usable)
            sse_begin();
        drawn = compose_screen(fb, layout.window[i].x, layout.window[i].y, layout.scale, screen,
                               w->shown, palette,
                               (w->force ? COMPOSE_ALL : 0) | (sse_usable ? COMPOSE_SSE : 0));
        if (sse_usable)
            sse_end();
        kunmap((void *)screen);
        w->force = 0;
        w->panel = 0;
    } else if (killed(t) && !w->panel) {
        draw_panel(i, t->ending);
        w->panel = 1;
        w->force = 1;
    }
    return drawn;
}

// The status bar.  Only the characters from the first one that changed on
// are drawn again, and the tick count, which changes every time, comes
// last: a digit or two.
static void draw_status(void)
{
    uint32_t pages = palloc_free_pages(POOL_KERNEL) + palloc_free_pages(POOL_TASK);
    uint32_t kib = pages * (PGSIZE / 1024);
    char now[STATUS_MAX];
    uint32_t n, first = 0;

    n = ksnprintf(now, sizeof(now), " Orga Génesis | %s%s | %u KiB free | %u fps | ticks %u",
                  slot_inserted ? slot_inserted->info.title : "no cartridge",
                  slot_inserted ? " | Tab: next cartridge" : "", kib, fps, ticks);
    // Spaces over the rest of a longer old text.
    uint32_t old = utf8_count(status, strlen(status));
    for (uint32_t chars = utf8_count(now, n); chars < old && n + 1 < sizeof(now); chars++)
        now[n++] = ' ';
    now[n] = '\0';
    while (now[first] && now[first] == status[first])
        first++;
    if (!now[first])
        return;
    while (first && ((uint8_t)now[first] & 0xC0) == 0x80)
        first--;
    uint32_t before = utf8_count(now, first);
    text(before * cell_w, 0, now + first, fb->width / cell_w - before, status_ink, status_paper);
    memcpy(status, now, n + 1);
}

// Every FPS_TICKS: the frame rate, and the status bar that shows it.
static void count_fps(void)
{
    if (ticks - second_start_tick < FPS_TICKS && !status_due)
        return;
    if (ticks != second_start_tick)
        fps = (frames - second_start_frame) * CLOCK_HZ / (ticks - second_start_tick);
    second_start_tick = ticks;
    second_start_frame = frames;
    status_due = 0;
    draw_status();
}

static void wake_waiters(void)
{
    for (int i = 0; i < TASK_SLOTS; i++)
        if (waiters & (1u << i) && tasks[i].state == TASK_BLOCKED)
            tasks[i].state = TASK_RUNNABLE;
    waiters = 0;
}

// The area r of the screen is the display's again (the inspector left it):
// painted with the background, and every window and label in it drawn
// whole at the next frame.  An empty r changes nothing.
static void display_damage(struct rect r)
{
    if (r.w == 0 || r.h == 0)
        return;
    surface_fill(fb, r, background);
    for (uint32_t i = 0; i < layout.windows; i++) {
        if (overlap(r, layout.window[i]) || overlap(r, layout.label[i]))
            forget_window(i);
    }
}

static void frame(void)
{
    uint64_t start = rdtsc();
    uint32_t drawn = 0;

    if (!tsc_first)
        tsc_first = start;
    if (pad->presses[PAD_SELECT] != selects_seen) {
        selects_seen++;
        waiters = 0;
        slot_swap();
    }
    if (input_key_presses(KEY_RESTART) != restarts_seen) {
        restarts_seen++;
        waiters = 0;
        slot_restart();
    }
    if (input_key_presses(KEY_INSPECT) != inspects_seen) {
        inspects_seen++;
        display_damage(inspect_toggle((struct rect){ 0, cell_h, fb ? fb->width : 0,
                                                     layout.log.y - cell_h }));
    }
    // After a frame that ran into the next tick, that tick goes to the
    // tasks: on a slow framebuffer the display takes at most half the CPU.
    if (overran) {
        overran = 0;
        skipped++;
        return;
    }
    if (fb) {
        if (layout_insertion != slot_insertions)
            new_layout();
        if (config.selftest == SELFTEST_COMPOSEFULL)
            for (uint32_t i = 0; i < layout.windows; i++)
                forget_window(i);
        if (inspect_shown()) {
            inspect_draw(fps);
        } else {
            for (uint32_t i = 0; i < layout.windows; i++)
                drawn += draw_window(i);
        }
        count_fps();
        fbcon_draw(LOG_CELLS);
        if (drawn)
            overran = clock_tick_pending();
    }
    frames++;
    pad->frame = frames;
    if (waiters)
        wake_waiters();

    uint32_t spent = (uint32_t)(rdtsc() - start);
    tsc_total += spent;
    if (timeline_on) {
        timeline_span(TL_FRAME, display_task.gdt_index, 0, start);
        timeline_pages(palloc_free_pages(POOL_KERNEL), palloc_free_pages(POOL_TASK));
    }
    if (layout.windows == MAX_WINDOWS && drawn == MAX_WINDOWS * SCREEN_SIZE) {
        full_frames++;
        tsc_full_min = spent < tsc_full_min ? spent : tsc_full_min;
        tsc_full_max = spent > tsc_full_max ? spent : tsc_full_max;
    }
}

static int has_work(void)
{
    return fb || waiters || pad->presses[PAD_SELECT] != selects_seen ||
           input_key_presses(KEY_RESTART) != restarts_seen ||
           input_key_presses(KEY_INSPECT) != inspects_seen;
}

static void display_main(void)
{
    for (;;) {
        frame();
        display_task.state = has_work() ? TASK_BLOCKED : TASK_FREE;
        sched_yield();
    }
}

void display_init(void)
{
    fb = fbcon_surface();
    if (fb) {
        fbcon_cell(&cell_w, &cell_h);
        background = surface_pixel(fb, COLOR_BACKGROUND);
        status_paper = surface_pixel(fb, COLOR_STATUS);
        status_ink = surface_pixel(fb, COLOR_STATUS_TEXT);
        label_ink = surface_pixel(fb, COLOR_LABEL_TEXT);
        killed_paper = surface_pixel(fb, COLOR_KILLED);
        killed_ink = surface_pixel(fb, COLOR_KILLED_TEXT);
    }
    layout_insertion = slot_insertions - 1;
    input_on_console_key(display_poke);
    inspect_init(fb, cell_w, cell_h);
    task_init_kernel(&display_task, "display", GDT_TSS_DISPLAY, display_main,
                     (uint32_t)display_stack + sizeof(display_stack));
    display_task.state = has_work() ? TASK_BLOCKED : TASK_FREE;
    kprintf("display: %s, task screens at 0x%08x, pad page at 0x%08x\n",
            fb ? "a frame every clock tick" : "no framebuffer, frames counted only",
            USER_SCREEN_PAGE, USER_PAD_PAGE);
}

void display_poke(void)
{
    if (display_task.state == TASK_FREE)
        display_task.state = TASK_BLOCKED;
}

uint32_t display_wait_frame(struct task *t)
{
    waiters |= 1u << (t - tasks);
    t->state = TASK_BLOCKED;
    display_poke();
    sched_yield();
    return frames;
}

void display_report(void)
{
    uint64_t elapsed = rdtsc() - tsc_first;

    kprintf("display: frames=%u skipped=%u full=%u full_tsc_min=%u full_tsc_max=%u "
            "total_tsc=0x%08x%08x elapsed_tsc=0x%08x%08x\n", frames, skipped, full_frames,
            full_frames ? tsc_full_min : 0, tsc_full_max, (uint32_t)(tsc_total >> 32),
            (uint32_t)tsc_total, (uint32_t)(elapsed >> 32), (uint32_t)elapsed);
    inspect_report();
}

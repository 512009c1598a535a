// The cartridge slot.  The loader brought every \CARTS\*.cart into memory;
// here each is mapped whole (read-only) so cart_parse reads it as one
// buffer, and one valid cartridge is inserted: its tasks are created from
// the image, again each time they have all ended, as often as BOOT.CFG says.
#include <stdint.h>

#include "abi/cart.h"
#include "console/input.h"
#include "console/slot.h"
#include "dev/fbcon.h"
#include "lib/config.h"
#include "lib/kprintf.h"
#include "mm/mmu.h"
#include "mm/palloc.h"
#include "task/task.h"

// The start of a swap's or a restart's log line: its words, the title and a
// count of up to ten digits.
#define END_ALL_LINE_MAX    (CART_TITLE_MAX + 48)

struct slot_cart slot_carts[BOOT_MAX_CARTS];
uint32_t slot_count;
struct slot_cart *slot_inserted;
uint32_t slot_insertions;
static uint32_t insertions;              // of slot_inserted so far
static uint32_t swap_count;              // slot_swap calls so far
static uint32_t restart_count;           // slot_restart calls so far
// Besides its code and stack, each task gets its screen, the pad page and
// the ROM window: the inserted cartridge's header, palette and frames.
static struct task_page console_pages[5];

_Static_assert(USER_ROM_MAX_FRAMES == CART_MAX_FRAMES && CART_PAGE_SIZE == PGSIZE &&
               USER_ROM_BASE + USER_ROM_MAX_FRAMES * PGSIZE == USER_ROM_PALETTE &&
               USER_ROM_HEADER + PGSIZE <= USER_ROM_END,
               "the ROM window holds the biggest cartridge's art");

// FAT file names ignore case.
static int same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a >= 'a' && *a <= 'z' ? *a - 'a' + 'A' : *a;
        char y = *b >= 'a' && *b <= 'z' ? *b - 'a' + 'A' : *b;
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

static void load(struct slot_cart *c, const struct boot_cart *bc)
{
    struct cart_error err;

    c->name = bc->name;
    c->size = (uint32_t)bc->size;
    c->phys = (uint32_t)bc->base;
    if (bc->size > CART_MAX_FILE_SIZE || bc->base + bc->size > 1ull << 32) {
        kprintf("cart: rejected %s: %u bytes at 0x%x%08x, not where the loader may put a cartridge\n",
                c->name, c->size, (uint32_t)(bc->base >> 32), (uint32_t)bc->base);
        return;
    }
    if (c->size) {
        c->image = mmu_map_window((uint32_t)bc->base, c->size, 0);
        if (!c->image) {
            kprintf("cart: rejected %s: no room left in the kernel windows\n", c->name);
            return;
        }
    }
    if (cart_parse(c->image, c->size, &c->info, &err) != CART_OK) {
        kprintf("cart: rejected %s: %s\n", c->name, err.message);
        return;
    }
    c->valid = 1;
    kprintf("cart: loaded \"%s\" from %s tasks=%u frames=%u\n",
            c->info.title, c->name, c->info.task_count, c->info.frame_count);
}

// The cartridge config.cart names if it is valid, else the first valid one.
static struct slot_cart *choose(void)
{
    struct slot_cart *first = 0, *named = 0;

    for (uint32_t i = 0; i < slot_count; i++) {
        struct slot_cart *c = &slot_carts[i];
        if (c->valid && !first)
            first = c;
        if (config.cart[0] && same_name(c->name, config.cart))
            named = c;
    }
    if (!config.cart[0])
        return first;
    if (named && named->valid)
        return named;
    if (first)
        kprintf("cart: %s (cart= in BOOT.CFG) %s, inserting %s instead\n", config.cart,
                named ? "was rejected" : "is not in \\CARTS\\", first->name);
    return first;
}

void slot_init(const struct boot_cart *carts, uint32_t count)
{
    static const char *const insert_lines[] = {
        "insert a cartridge",
        "(copy a .cart file to \\CARTS\\ on the boot disk, then restart)",
        "the pad: arrow keys, Z (A), X (B), Enter (start), Tab (select: next cartridge)",
    };

    console_pages[0] = (struct task_page){ USER_SCREEN_PAGE, 0, PTE_U | PTE_W, 1 };
    console_pages[1] = (struct task_page){ USER_PAD_PAGE, input_pad_page(), PTE_U | PTE_SHARED, 1 };
    slot_count = count;
    for (uint32_t i = 0; i < slot_count; i++)
        load(&slot_carts[i], &carts[i]);

    slot_inserted = choose();
    if (!slot_inserted) {
        kprintf("cart: none, insert a cartridge\n");
        fbcon_title("Orga Génesis", insert_lines,
                      sizeof(insert_lines) / sizeof(insert_lines[0]));
    }
}

// The ROM window of cartridge c after the n pages of console_pages: the
// pages the loader read, mapped as they are (sections are page aligned), so
// its tasks share them and no copy is made; read-only, and shared, so that
// freeing a task leaves them alone.  Returns the new count.
static uint32_t add_rom(const struct slot_cart *c, uint32_t n)
{
    const struct cart_info *info = &c->info;
    const uint32_t attrs = PTE_U | PTE_SHARED;

    console_pages[n++] = (struct task_page){ USER_ROM_HEADER, c->phys, attrs, 1 };
    if (info->palette_count)
        console_pages[n++] = (struct task_page){ USER_ROM_PALETTE,
                                                 c->phys + info->palette_offset, attrs, 1 };
    if (info->frame_count)
        console_pages[n++] = (struct task_page){ USER_ROM_BASE, c->phys + info->frames_offset,
                                                 attrs, info->frame_count };
    return n;
}

static void insert(void)
{
    const struct cart_info *info = &slot_inserted->info;
    uint32_t n = add_rom(slot_inserted, 2);

    kprintf("cart: inserted \"%s\"\n", info->title);
    slot_insertions++;
    for (uint32_t i = 0; i < info->task_count; i++)
        task_create(slot_inserted->image, &info->task[i], console_pages, n);
}

void slot_poll(void)
{
    if (task_count() > 0)
        return;
    if (slot_inserted && insertions <= config.repeat) {
        insertions++;
        insert();
    } else if (config.exit == EXIT_IDLE) {
        kprintf("genesis: exit=idle and no task left\n");
        end_run(HALT_NORMAL);
    }
}

// Ends every task of the inserted cartridge and frees all they held, then
// logs the free pages after `what`.  The caller is the display task, never
// one of these: they can be ended and freed right away.
static void end_all(enum task_end_cause cause, const char *ending, const char *what)
{
    for (int i = 0; i < TASK_SLOTS; i++)
        if (task_is_live(&tasks[i]))
            task_end(&tasks[i], cause, ending);
    task_reap();
    palloc_log_free(what);
}

void slot_swap(void)
{
    struct slot_cart *next = 0;
    char ejected[END_ALL_LINE_MAX];

    if (!slot_inserted)
        return;
    for (uint32_t i = 1; !next; i++) {
        struct slot_cart *c = &slot_carts[(slot_inserted - slot_carts + i) % slot_count];
        if (c->valid)
            next = c;
    }
    ksnprintf(ejected, sizeof(ejected), "cart: ejected \"%s\", swap %u: ",
              slot_inserted->info.title, ++swap_count);
    end_all(END_EJECTED, "ejected with the cartridge", ejected);
    slot_inserted = next;
    insertions = 1;
    insert();
}

void slot_restart(void)
{
    char restarted[END_ALL_LINE_MAX];

    if (!slot_inserted)
        return;
    ksnprintf(restarted, sizeof(restarted), "cart: restarted \"%s\", restart %u: ",
              slot_inserted->info.title, ++restart_count);
    end_all(END_RESTARTED, "ended by a restart of the cartridge", restarted);
    insertions = 1;
    insert();
}

int slot_symbol(char letter, uint32_t addr, const char **name, uint32_t *offset)
{
    if (!slot_inserted)
        return 0;
    for (uint32_t i = 0; i < slot_inserted->info.task_count; i++)
        if (slot_inserted->info.task[i].letter == letter)
            return cart_symbol(slot_inserted->image, &slot_inserted->info, i, addr, name, offset);
    return 0;
}

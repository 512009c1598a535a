// libFuzzer target on cart_parse.  Each input is parsed as it is, where the
// CRCs stop nearly every mutation, and again with its file_size and both
// CRCs made right, so that mutations reach the checks behind them.  After a
// success it checks the promises the kernel relies on, cart_symbol's
// among them; any broken promise aborts.
#include <stdlib.h>
#include <string.h>
#include "abi/cart.h"

static void
expect(int ok)
{
    if (!ok)
        abort();
}

static int
inside(uint32_t offset, uint64_t length, uint32_t size)
{
    return offset + length <= size;
}

// A name cart_symbol gives lies inside the symbols section, printable and
// NUL-terminated, and the offset keeps addr inside the task's image.
static void
check_symbol(const uint8_t *data, uint32_t size, const struct cart_info *c, uint32_t task,
             uint32_t addr)
{
    const char *name;
    uint32_t offset, len = 0;

    if (!cart_symbol(data, c, task, addr, &name, &offset))
        return;
    expect((const uint8_t *)name >= data + c->symbols_offset);
    while (len <= CART_SYMBOL_NAME_MAX && name[len]) {
        expect((const uint8_t *)name + len < data + c->symbols_offset + c->symbols_size);
        expect(name[len] >= 0x20 && name[len] < 0x7f);
        len++;
    }
    expect(len >= 1 && len <= CART_SYMBOL_NAME_MAX && (const uint8_t *)name + len < data + size);
    expect(offset <= addr - c->task[task].vaddr);
}

static void
check(const uint8_t *data, uint32_t size)
{
    struct cart_info c;
    struct cart_error err;
    int status = cart_parse(data, size, &c, &err);

    expect(status == err.status);
    expect(memchr(err.message, '\0', sizeof err.message) != NULL);
    if (status != CART_OK) {
        expect(err.message[0] != '\0');
        return;
    }
    expect(c.file_size == size && size <= CART_MAX_FILE_SIZE && size % CART_PAGE_SIZE == 0);
    expect(c.title[0] && c.title[CART_TITLE_MAX] == '\0');
    for (const char *p = c.title; *p; p++)
        expect(*p >= 0x20 && *p < 0x7f);
    expect(c.task_count >= 1 && c.task_count <= CART_MAX_TASKS);
    for (uint32_t i = 0; i < c.task_count; i++) {
        const struct cart_task *t = &c.task[i];
        expect(t->letter >= 'A' && t->letter <= 'D');
        for (uint32_t j = 0; j < i; j++)
            expect(c.task[j].letter != t->letter);
        expect(t->file_offset >= CART_PAGE_SIZE && t->file_offset % CART_PAGE_SIZE == 0);
        expect(inside(t->file_offset, t->file_size, size));
        expect(t->vaddr >= CART_CODE_BASE && t->vaddr % CART_PAGE_SIZE == 0);
        expect((uint64_t)t->vaddr + t->mem_size <= (uint64_t)CART_CODE_BASE + CART_CODE_SIZE);
        expect(t->file_size <= t->mem_size && t->ro_size % CART_PAGE_SIZE == 0);
        expect(t->entry >= t->vaddr && t->entry < t->vaddr + t->file_size);
    }
    expect(c.frame_count <= CART_MAX_FRAMES && c.palette_count <= CART_MAX_COLORS);
    expect(inside(c.frames_offset, (uint64_t)c.frame_count * CART_FRAME_SIZE, size));
    expect(inside(c.palette_offset, (uint64_t)c.palette_count * CART_COLOR_SIZE, size));
    expect(c.frame_count == 0 || c.palette_count > 0);
    expect(inside(c.symbols_offset, c.symbols_size, size));
    expect(c.symbols_offset % CART_PAGE_SIZE == 0 && (c.symbols_size || !c.symbols_offset));
    for (uint32_t i = 0; i < c.task_count; i++) {
        const struct cart_task *t = &c.task[i];
        const uint32_t probes[] = { t->vaddr, t->entry, t->vaddr + t->mem_size - 1 };
        for (uint32_t j = 0; j < sizeof probes / sizeof probes[0]; j++)
            check_symbol(data, size, &c, i, probes[j]);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const size_t crc_at = offsetof(struct cart_file_header, header_crc);
    uint32_t crc;

    if (size > CART_MAX_FILE_SIZE + CART_PAGE_SIZE)
        return 0;
    check(data, (uint32_t)size);
    if (size < CART_PAGE_SIZE)
        return 0;

    uint8_t *copy = malloc(size);
    uint32_t file_size = (uint32_t)size;
    memcpy(copy, data, size);
    memcpy(copy + offsetof(struct cart_file_header, file_size), &file_size, sizeof file_size);
    crc = cart_crc32(0, copy + CART_PAGE_SIZE, (uint32_t)(size - CART_PAGE_SIZE));
    memcpy(copy + offsetof(struct cart_file_header, payload_crc), &crc, sizeof crc);
    memset(copy + crc_at, 0, sizeof crc);
    crc = cart_crc32(0, copy, CART_PAGE_SIZE);
    memcpy(copy + crc_at, &crc, sizeof crc);
    check(copy, (uint32_t)size);
    free(copy);
    return 0;
}

// The cartridge file: header page, task images in letter order, symbols
// (when asked for), palette, frames, each starting on a page, zeros between them.  Nothing but the
// inputs goes into it (no time, no path), so a build is reproducible.
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "mkcart.h"

static int
by_letter(const void *a, const void *b)
{
    return (*(const struct mk_task *const *)a)->letter - (*(const struct mk_task *const *)b)->letter;
}

uint32_t
frames_offset(const struct mk_cart *c)
{
    uint64_t end = CART_PAGE_SIZE;

    for (uint32_t i = 0; i < c->task_count; i++)
        end += PAGE_UP(c->task[i].file_size);
    end += PAGE_UP(symbols_size(c));
    return (uint32_t)end + (c->sheet ? CART_PAGE_SIZE : 0);
}

int
assemble_cart(const struct mk_cart *c, uint8_t **head, char *err)
{
    const struct mk_task *order[CART_MAX_TASKS];
    struct cart_file_header h = {0};
    uint32_t offset = CART_PAGE_SIZE, head_size = frames_offset(c);
    uint64_t frames_size = c->sheet ? (uint64_t)c->sheet->frame_count * CART_FRAME_SIZE : 0;

    if (head_size + frames_size > CART_MAX_FILE_SIZE)
        return errorf(err, "the cartridge would be %llu bytes, more than the %u allowed",
                      (unsigned long long)(head_size + frames_size), CART_MAX_FILE_SIZE);
    memcpy(h.magic, CART_MAGIC, CART_MAGIC_SIZE);
    h.version = CART_VERSION;
    h.header_size = CART_HEADER_SIZE;
    h.file_size = head_size + (uint32_t)frames_size;
    memcpy(h.title, c->title, strnlen(c->title, CART_TITLE_MAX));
    h.fps = c->fps;
    h.task_count = c->task_count;
    for (uint32_t i = 0; i < c->task_count; i++)
        order[i] = &c->task[i];
    qsort(order, c->task_count, sizeof order[0], by_letter);
    for (uint32_t i = 0; i < c->task_count; i++) {
        const struct mk_task *t = order[i];
        h.task[i] = (struct cart_file_task){
            .letter = (uint8_t)t->letter, .file_offset = offset, .file_size = t->file_size,
            .vaddr = t->vaddr, .mem_size = t->mem_size, .ro_size = t->ro_size, .entry = t->entry,
        };
        offset += PAGE_UP(t->file_size);
    }
    if (c->symbols) {
        h.symbols_offset = offset;
        h.symbols_size = symbols_size(c);
        offset += PAGE_UP(h.symbols_size);
    }
    if (c->sheet) {
        h.palette_count = c->sheet->palette_count;
        h.palette_offset = offset;
        h.frame_count = c->sheet->frame_count;
        h.frames_offset = head_size;
    }

    uint8_t *f = calloc(1, head_size);
    if (!f)
        return errorf(err, "out of memory");
    for (uint32_t i = 0; i < c->task_count; i++)
        memcpy(f + h.task[i].file_offset, order[i]->image, order[i]->file_size);
    if (c->symbols)
        write_symbols(order, c->task_count, f + h.symbols_offset);
    if (c->sheet)
        memcpy(f + h.palette_offset, c->sheet->palette, h.palette_count * CART_COLOR_SIZE);
    // The payload CRC runs on over the frames: their own CRC is combined in.
    h.payload_crc = (uint32_t)crc32(0, f + CART_PAGE_SIZE, head_size - CART_PAGE_SIZE);
    if (c->sheet)
        h.payload_crc = (uint32_t)crc32_combine(h.payload_crc, c->frames_crc, (z_off_t)frames_size);
    memcpy(f, &h, sizeof h);             // header_crc still 0, as the CRC reads it
    h.header_crc = (uint32_t)crc32(0, f, CART_PAGE_SIZE);
    memcpy(f, &h, sizeof h);
    *head = f;
    return 0;
}

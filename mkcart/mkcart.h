// mkcart's parts: task images from ELF or flat files (task.c), frames and
// palette from a PNG sprite sheet (sheet.c), and the cartridge file put
// together from them (assemble.c).  main.c is the command line.
#ifndef MKCART_H
#define MKCART_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cart.h"

#define MK_ERR_MAX 256                   // every error message fits this, NUL included

#define PAGE_UP(x) (((x) + CART_PAGE_SIZE - 1) / CART_PAGE_SIZE * CART_PAGE_SIZE)

struct mk_symbol {                       // one function of a task
    uint32_t addr, size;
    char    *name;                       // malloc'ed
};

struct mk_task {                         // one task image, ready for the file
    char     letter;                     // 'A'..'D'
    uint8_t *image;                      // file_size bytes, malloc'ed
    uint32_t file_size, vaddr, mem_size, ro_size, entry;
    struct mk_symbol *symbols;           // sorted by address, none overlapping; malloc'ed
    uint32_t symbol_count;
};

struct mk_sheet {                        // what a sprite sheet gave, but its frames
    uint32_t frame_count;
    uint32_t palette_count;
    uint8_t  palette[CART_MAX_COLORS * CART_COLOR_SIZE];
};

// Receives the frames of a sheet as they are decoded, a row of frames at a
// time, in file order.  The bytes stay as they are until the sink's next
// call has returned, so a sink may go on using them in the background until
// then.  A last call with size 0 (frames NULL) ends every decoding, failed
// or not: the sink must be done with all frames when it returns.  0, or -1
// with a message in err.
typedef int frames_sink(void *arg, const uint8_t *frames, uint32_t size, char *err);

struct mk_cart {                         // everything a cartridge holds
    const char *title;                   // 1..CART_TITLE_MAX printable characters
    uint32_t fps;                        // 0..CART_MAX_FPS
    uint32_t task_count;
    struct mk_task task[CART_MAX_TASKS]; // any order; the file has them by letter
    const struct mk_sheet *sheet;        // NULL: no frames, no palette
    uint32_t frames_crc;                 // CRC-32 of the sheet's frames, in file order
    int symbols;                         // write the tasks' symbols section
};

// Makes task image t (letter left alone) from the contents of a 32-bit i386
// ELF executable or, when data does not start with the ELF magic, a flat
// binary loaded at CART_CODE_BASE.  0 or -1 with a message in err.
int  load_task(const uint8_t *data, size_t size, struct mk_task *t, char *err);
void free_task(struct mk_task *t);

// The functions (STT_FUNC symbols with a size) of task image t, which
// load_task made from data, into t->symbols; a flat binary has none.  Aliases
// (a function starting inside one already taken) are left out.  0 or -1
// with a message in err.
int  load_symbols(const uint8_t *data, size_t size, struct mk_task *t, char *err);

// Bytes of the symbols section of c's file: 0 when c->symbols is off.
uint32_t symbols_size(const struct mk_cart *c);

// Writes the symbols section of the tasks in file order into section
// (symbols_size(c) zeroed bytes).
void write_symbols(const struct mk_task *const *order, uint32_t count, uint8_t *section);

// Decodes the PNG at path into s and hands its frames to sink(arg, ...):
// a big sheet never sits in memory.  0 or -1 with a message in err.
int  load_sheet(const char *path, struct mk_sheet *s, frames_sink *sink, void *arg, char *err);

// Where the frames start in c's file: after the header page, the task
// images, the symbols section and the one page a palette takes.
uint32_t frames_offset(const struct mk_cart *c);

// Lays out everything in c's file before the frames, that is, the first
// frames_offset(c) bytes, in *head (malloc'ed).  The frames that follow are
// known here by their count and CRC.  The same input always gives the same
// bytes.  0 or -1 with a message in err.
int  assemble_cart(const struct mk_cart *c, uint8_t **head, char *err);

// Writes a message into err (MK_ERR_MAX bytes) and returns -1, so a failing
// function can end with `return errorf(err, ...)`.
__attribute__((format(printf, 2, 3)))
static inline int
errorf(char *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, MK_ERR_MAX, fmt, ap);
    va_end(ap);
    return -1;
}

#endif

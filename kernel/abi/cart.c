// Cartridge parser: turns an untrusted file image into a checked struct
// cart_info, or names the first thing wrong with it.  Shared by the kernel
// (freestanding, no libc) and mkcart, so it uses nothing but its own loops.
#include <stdarg.h>
#include "cart.h"

// CRC-32 with a 16-entry table, four bits at a time: a table that fits in a
// glance, at about 110 MB/s natively (10 ms per MiB of cartridge), half the
// speed of the usual 1 KB byte-wise table.
static const uint32_t crc_nibble[16] = {
    0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
    0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
    0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
    0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

uint32_t
cart_crc32(uint32_t crc, const void *data, uint32_t len)
{
    const uint8_t *p = data;

    crc = ~crc;
    for (uint32_t i = 0; i < len; i++) {
        crc ^= p[i];
        crc = (crc >> 4) ^ crc_nibble[crc & 15];
        crc = (crc >> 4) ^ crc_nibble[crc & 15];
    }
    return ~crc;
}

// The message buffer as it fills; output past the end is dropped.
struct msgbuf {
    char *s;
    uint32_t len, cap;
};

static void
put(struct msgbuf *m, char c)
{
    if (m->len + 1 < m->cap)
        m->s[m->len++] = c;
    m->s[m->len] = '\0';
}

// A printf for messages: %s string, %c character (non-printable ones become
// '?', so a message never carries control bytes into a log line), %u
// decimal, %x 0x and 8 hex digits, like the kernel's log.
static void
format(struct msgbuf *m, const char *fmt, va_list ap)
{
    static const char hex[] = "0123456789abcdef";

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(m, *fmt);
            continue;
        }
        fmt++;
        if (*fmt == 's') {
            for (const char *s = va_arg(ap, const char *); *s; s++)
                put(m, *s);
        } else if (*fmt == 'c') {
            int c = va_arg(ap, int);
            put(m, c >= 0x20 && c < 0x7f ? (char)c : '?');
        } else if (*fmt == 'u') {
            char digits[10];
            int n = 0;
            uint32_t v = va_arg(ap, uint32_t);
            do {
                digits[n++] = (char)('0' + v % 10);
                v /= 10;
            } while (v);
            while (n > 0)
                put(m, digits[--n]);
        } else if (*fmt == 'x') {
            uint32_t v = va_arg(ap, uint32_t);
            put(m, '0');
            put(m, 'x');
            for (int shift = 28; shift >= 0; shift -= 4)
                put(m, hex[(v >> shift) & 15]);
        }
    }
}

static int
reject(struct cart_error *err, int status, const char *fmt, ...)
{
    if (err) {
        struct msgbuf m = { err->message, 0, sizeof err->message };
        va_list ap;

        err->status = status;
        m.s[0] = '\0';
        va_start(ap, fmt);
        format(&m, fmt, ap);
        va_end(ap);
    }
    return status;
}

// The steps of cart_parse, in the order it takes them.  Each returns
// CART_OK or the status of its first check that fails, with the message in
// err.  h is the header as cart_parse copied it; the steps that need more
// of the file than the header (the rest of page 0, the CRCs) take bytes too.

static const char *const task_name[CART_MAX_TASKS] = { "task[0]", "task[1]", "task[2]", "task[3]" };

static int
is_zero(const void *data, uint32_t len)
{
    const uint8_t *p = data;

    for (uint32_t i = 0; i < len; i++)
        if (p[i])
            return 0;
    return 1;
}

// Is this a version 1 cartridge at all?
static int
check_identity(struct cart_error *err, const struct cart_file_header *h)
{
    for (int i = 0; i < CART_MAGIC_SIZE; i++)
        if (h->magic[i] != (uint8_t)CART_MAGIC[i])
            return reject(err, CART_ERR_MAGIC,
                          "magic: byte %u is %x, not %x (not a cartridge, or damaged in transfer)",
                          (uint32_t)i, (uint32_t)h->magic[i], (uint32_t)(uint8_t)CART_MAGIC[i]);
    if (h->version != CART_VERSION)
        return reject(err, CART_ERR_VERSION, "version: %u, this console reads version %u",
                      h->version, (uint32_t)CART_VERSION);
    if (h->header_size != CART_HEADER_SIZE)
        return reject(err, CART_ERR_HEADER_SIZE, "header_size: %u, version 1 has %u",
                      h->header_size, CART_HEADER_SIZE);
    return CART_OK;
}

// Everything version 1 leaves unused is zero: flags, reserved fields and
// the rest of the header page.
static int
check_reserved(struct cart_error *err, const struct cart_file_header *h, const uint8_t *bytes)
{
    if (h->flags & ~CART_FLAGS_KNOWN)
        return reject(err, CART_ERR_RESERVED, "flags: %x has bits version 1 does not define", h->flags);
    for (int i = 0; i < CART_MAX_TASKS; i++)
        if (!is_zero(h->task[i].reserved0, sizeof h->task[i].reserved0) || h->task[i].reserved1)
            return reject(err, CART_ERR_RESERVED, "%s: reserved bytes are not zero", task_name[i]);
    for (uint32_t i = 0; i < sizeof h->reserved / sizeof h->reserved[0]; i++)
        if (h->reserved[i])
            return reject(err, CART_ERR_RESERVED, "reserved[%u]: %x, not zero", i, h->reserved[i]);
    for (uint32_t i = CART_HEADER_SIZE; i < CART_PAGE_SIZE; i++)
        if (bytes[i])
            return reject(err, CART_ERR_RESERVED, "header page: byte at %x after the header is %x, not zero",
                          i, (uint32_t)bytes[i]);
    return CART_OK;
}

// The CRC of page 0 with the header_crc field read as zero.
static int
check_header_crc(struct cart_error *err, const struct cart_file_header *h, const uint8_t *bytes)
{
    static const uint8_t zero_crc[4];
    uint32_t crc;

    crc = cart_crc32(0, bytes, offsetof(struct cart_file_header, header_crc));
    crc = cart_crc32(crc, zero_crc, sizeof zero_crc);
    crc = cart_crc32(crc, bytes + offsetof(struct cart_file_header, header_crc) + sizeof zero_crc,
                     CART_PAGE_SIZE - offsetof(struct cart_file_header, header_crc) - sizeof zero_crc);
    if (crc != h->header_crc)
        return reject(err, CART_ERR_HEADER_CRC, "header_crc: %x stored, %x computed", h->header_crc, crc);
    return CART_OK;
}

static int
check_file_size(struct cart_error *err, const struct cart_file_header *h, uint32_t size)
{
    if (h->file_size != size)
        return reject(err, CART_ERR_FILE_SIZE, "file_size: %u declared, the file has %u bytes",
                      h->file_size, size);
    if (h->file_size > CART_MAX_FILE_SIZE)
        return reject(err, CART_ERR_FILE_TOO_BIG, "file_size: %u, more than the maximum %u",
                      h->file_size, CART_MAX_FILE_SIZE);
    if (h->file_size % CART_PAGE_SIZE != 0)
        return reject(err, CART_ERR_FILE_UNALIGNED, "file_size: %u is not a multiple of 4096",
                      h->file_size);
    return CART_OK;
}

// Characters before the first NUL, or all CART_TITLE_MAX of them.
static int
title_length(const struct cart_file_header *h)
{
    int len = 0;

    while (len < CART_TITLE_MAX && h->title[len])
        len++;
    return len;
}

static int
check_title(struct cart_error *err, const struct cart_file_header *h)
{
    int len = title_length(h);

    if (len == 0)
        return reject(err, CART_ERR_TITLE, "title: empty");
    for (int i = 0; i < len; i++)
        if (h->title[i] < 0x20 || h->title[i] > 0x7e)
            return reject(err, CART_ERR_TITLE, "title: byte %u is %x, not printable ASCII",
                          (uint32_t)i, (uint32_t)(uint8_t)h->title[i]);
    if (!is_zero(h->title + len, CART_TITLE_MAX - len))
        return reject(err, CART_ERR_TITLE, "title: bytes after the first NUL are not NUL");
    return CART_OK;
}

static int
check_fps(struct cart_error *err, const struct cart_file_header *h)
{
    if (h->fps > CART_MAX_FPS)
        return reject(err, CART_ERR_FPS, "fps: %u, more than %u", h->fps, (uint32_t)CART_MAX_FPS);
    return CART_OK;
}

// task_count slots in use, the rest all zero.
static int
check_task_table(struct cart_error *err, const struct cart_file_header *h)
{
    if (h->task_count == 0 || h->task_count > CART_MAX_TASKS)
        return reject(err, CART_ERR_TASK_COUNT, "task_count: %u, not 1..%u",
                      h->task_count, (uint32_t)CART_MAX_TASKS);
    for (uint32_t i = h->task_count; i < CART_MAX_TASKS; i++)
        if (!is_zero(&h->task[i], sizeof h->task[i]))
            return reject(err, CART_ERR_TASK_UNUSED, "%s: unused (task_count %u) but not zero",
                          task_name[i], h->task_count);
    return CART_OK;
}

// A stretch of the file: [start, start + length).
struct section {
    const char *name;
    uint32_t start, length;
};

// Checks that count items of unit bytes at offset lie inside a file of
// file_size bytes (itself >= one page), dividing instead of multiplying so
// that no value in the header can overflow the arithmetic.
static int
check_section(struct cart_error *err, const char *name, uint32_t offset,
              uint32_t count, uint32_t unit, uint32_t file_size)
{
    if (count == 0) {
        if (offset != 0)
            return reject(err, CART_ERR_SECTION_EMPTY,
                          "%s: empty, but its offset is %x (must be 0)", name, offset);
        return CART_OK;
    }
    if (offset % CART_PAGE_SIZE != 0)
        return reject(err, CART_ERR_SECTION_ALIGN,
                      "%s: offset %x is not a multiple of 4096", name, offset);
    if (offset >= file_size || count > (file_size - offset) / unit)
        return reject(err, CART_ERR_SECTION_BOUNDS,
                      "%s: %u x %u bytes at offset %x go past the end of the file (%u bytes)",
                      name, count, unit, offset, file_size);
    return CART_OK;
}

// No two of the sections share a byte; empty ones share none.
static int
check_overlaps(struct cart_error *err, const struct section *sec, uint32_t nsec)
{
    for (uint32_t i = 0; i < nsec; i++)
        for (uint32_t j = i + 1; j < nsec; j++) {
            const struct section *a = &sec[i], *b = &sec[j];
            if (a->length && b->length &&
                a->start < b->start + b->length && b->start < a->start + a->length)
                return reject(err, CART_ERR_OVERLAP, "%s [%x, %x) overlaps %s [%x, %x)",
                              a->name, a->start, a->start + a->length,
                              b->name, b->start, b->start + b->length);
        }
    return CART_OK;
}

// Every section inside the file, then no two of them (or one and the
// header page) sharing a byte.
static int
check_sections(struct cart_error *err, const struct cart_file_header *h, uint32_t size)
{
    struct section sec[CART_MAX_TASKS + 4];
    uint32_t nsec = 0;
    int status;

    sec[nsec++] = (struct section){ "header", 0, CART_PAGE_SIZE };
    for (uint32_t i = 0; i < h->task_count; i++) {
        const struct cart_file_task *t = &h->task[i];
        if ((status = check_section(err, task_name[i], t->file_offset, t->file_size, 1, size)))
            return status;
        sec[nsec++] = (struct section){ task_name[i], t->file_offset, t->file_size };
    }
    if ((status = check_section(err, "palette", h->palette_offset, h->palette_count, CART_COLOR_SIZE, size)))
        return status;
    sec[nsec++] = (struct section){ "palette", h->palette_offset, h->palette_count * CART_COLOR_SIZE };
    if ((status = check_section(err, "frames", h->frames_offset, h->frame_count, CART_FRAME_SIZE, size)))
        return status;
    sec[nsec++] = (struct section){ "frames", h->frames_offset, h->frame_count * CART_FRAME_SIZE };
    if ((status = check_section(err, "symbols", h->symbols_offset, h->symbols_size, 1, size)))
        return status;
    sec[nsec++] = (struct section){ "symbols", h->symbols_offset, h->symbols_size };
    return check_overlaps(err, sec, nsec);
}

// Task slot number slot, whose image the file is known to hold: a letter
// of its own and memory inside the code window.
static int
check_task(struct cart_error *err, const struct cart_file_header *h, uint32_t slot)
{
    const struct cart_file_task *t = &h->task[slot];
    const char *name = task_name[slot];
    uint32_t window_end = CART_CODE_BASE + CART_CODE_SIZE;

    if (t->letter < 'A' || t->letter > 'D')
        return reject(err, CART_ERR_TASK_LETTER, "%s.letter: %u is not 'A'..'D'",
                      name, (uint32_t)t->letter);
    for (uint32_t i = 0; i < slot; i++)
        if (h->task[i].letter == t->letter)
            return reject(err, CART_ERR_TASK_DUPLICATE, "%s.letter: '%c' again (task[%u] has it)",
                          name, t->letter, i);
    if (t->vaddr % CART_PAGE_SIZE != 0)
        return reject(err, CART_ERR_TASK_VADDR, "%s.vaddr: %x is not page aligned",
                      name, t->vaddr);
    if (t->vaddr < CART_CODE_BASE || t->vaddr - CART_CODE_BASE > CART_CODE_SIZE ||
        t->mem_size > window_end - t->vaddr)
        return reject(err, CART_ERR_TASK_WINDOW,
                      "%s: mem_size %u at vaddr %x leaves the code window [%x, %x)",
                      name, t->mem_size, t->vaddr, CART_CODE_BASE, window_end);
    // mem_size fits the window here, so rounding it up cannot overflow.
    if (t->ro_size % CART_PAGE_SIZE != 0 ||
        t->ro_size / CART_PAGE_SIZE > (t->mem_size + CART_PAGE_SIZE - 1) / CART_PAGE_SIZE)
        return reject(err, CART_ERR_TASK_RO,
                      "%s.ro_size: %x is not a page multiple within mem_size %u",
                      name, t->ro_size, t->mem_size);
    if (t->entry - t->vaddr >= t->file_size)
        return reject(err, CART_ERR_TASK_ENTRY,
                      "%s.entry: %x is outside the image at %x (%u bytes)",
                      name, t->entry, t->vaddr, t->file_size);
    if (t->mem_size < t->file_size)
        return reject(err, CART_ERR_TASK_MEM_SIZE, "%s.mem_size: %u is less than file_size %u",
                      name, t->mem_size, t->file_size);
    return CART_OK;
}

static int
check_tasks(struct cart_error *err, const struct cart_file_header *h)
{
    int status;

    for (uint32_t i = 0; i < h->task_count; i++)
        if ((status = check_task(err, h, i)))
            return status;
    return CART_OK;
}

// The frames, and the palette they need to be shown.
static int
check_frames(struct cart_error *err, const struct cart_file_header *h)
{
    if (h->frame_count > CART_MAX_FRAMES)
        return reject(err, CART_ERR_FRAME_COUNT, "frame_count: %u, more than the maximum %u",
                      h->frame_count, (uint32_t)CART_MAX_FRAMES);
    if (h->palette_count > CART_MAX_COLORS)
        return reject(err, CART_ERR_PALETTE_COUNT, "palette_count: %u, more than %u colours",
                      h->palette_count, (uint32_t)CART_MAX_COLORS);
    if (h->frame_count && !h->palette_count)
        return reject(err, CART_ERR_PALETTE_MISSING, "palette_count: 0, but there are %u frames to colour",
                      h->frame_count);
    return CART_OK;
}

// A little-endian word at any byte: the caller's buffer need not be aligned.
static uint32_t
le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static struct cart_file_symbol
symbol_at(const uint8_t *section, uint32_t i)
{
    const uint8_t *p = section + sizeof(struct cart_file_symbols) + i * sizeof(struct cart_file_symbol);

    return (struct cart_file_symbol){ le32(p), le32(p + 4), le32(p + 8), le32(p + 12) };
}

// Symbol i's name: inside the string area of strings_size bytes, 1 to
// CART_SYMBOL_NAME_MAX printable characters, then a NUL.
static int
check_symbol_name(struct cart_error *err, const uint8_t *strings, uint32_t strings_size,
                  uint32_t i, uint32_t name)
{
    uint32_t len = 0;

    if (name >= strings_size)
        return reject(err, CART_ERR_SYMBOL_NAME, "symbol[%u].name: offset %u is outside the %u bytes of strings",
                      i, name, strings_size);
    while (name + len < strings_size && strings[name + len] && len <= CART_SYMBOL_NAME_MAX) {
        uint8_t c = strings[name + len];
        if (c < 0x20 || c > 0x7e)
            return reject(err, CART_ERR_SYMBOL_NAME, "symbol[%u].name: byte %u is %x, not printable ASCII",
                          i, len, (uint32_t)c);
        len++;
    }
    if (name + len == strings_size)
        return reject(err, CART_ERR_SYMBOL_NAME, "symbol[%u].name: no NUL before the end of the strings", i);
    if (len == 0 || len > CART_SYMBOL_NAME_MAX)
        return reject(err, CART_ERR_SYMBOL_NAME, "symbol[%u].name: empty or longer than %u characters",
                      i, (uint32_t)CART_SYMBOL_NAME_MAX);
    return CART_OK;
}

// The symbols section, known to lie inside the file: its entries fit it,
// each names a task and bytes of that task's image and a good name, and
// they come sorted by task then address without overlapping.
static int
check_symbols(struct cart_error *err, const struct cart_file_header *h, const uint8_t *bytes)
{
    const uint8_t *section = bytes + h->symbols_offset;
    const uint32_t head = sizeof(struct cart_file_symbols), unit = sizeof(struct cart_file_symbol);
    uint32_t count, strings_size;
    int status;

    if (h->symbols_size == 0)
        return CART_OK;
    if (h->symbols_size < head || (count = le32(section)) > (h->symbols_size - head) / unit)
        return reject(err, CART_ERR_SYMBOL_COUNT, "symbols: %u entries do not fit its %u bytes",
                      h->symbols_size < head ? 0 : le32(section), h->symbols_size);
    strings_size = h->symbols_size - head - count * unit;
    for (uint32_t i = 0; i < count; i++) {
        struct cart_file_symbol s = symbol_at(section, i);
        if (s.task >= h->task_count)
            return reject(err, CART_ERR_SYMBOL_TASK, "symbol[%u].task: %u, the file has %u tasks",
                          i, s.task, h->task_count);
        const struct cart_file_task *t = &h->task[s.task];
        if (s.addr < t->vaddr || s.addr - t->vaddr >= t->mem_size || s.size == 0 ||
            s.size > t->mem_size - (s.addr - t->vaddr))
            return reject(err, CART_ERR_SYMBOL_ADDR,
                          "symbol[%u]: %u bytes at %x are not inside task[%u]'s image at %x (%u bytes)",
                          i, s.size, s.addr, s.task, t->vaddr, t->mem_size);
        if ((status = check_symbol_name(err, section + head + count * unit, strings_size, i, s.name)))
            return status;
        if (i == 0)
            continue;
        struct cart_file_symbol prev = symbol_at(section, i - 1);
        if (prev.task > s.task || (prev.task == s.task && prev.addr >= s.addr))
            return reject(err, CART_ERR_SYMBOL_ORDER,
                          "symbol[%u]: task %u at %x comes after task %u at %x", i, s.task, s.addr,
                          prev.task, prev.addr);
        // Both lie inside the image, so prev.addr + prev.size cannot overflow.
        if (prev.task == s.task && prev.addr + prev.size > s.addr)
            return reject(err, CART_ERR_SYMBOL_OVERLAP, "symbol[%u] at %x overlaps symbol[%u] [%x, %x)",
                          i, s.addr, i - 1, prev.addr, prev.addr + prev.size);
    }
    return CART_OK;
}

int
cart_symbol(const void *image, const struct cart_info *info, uint32_t task, uint32_t addr,
            const char **name, uint32_t *offset)
{
    const uint8_t *section = (const uint8_t *)image + info->symbols_offset;
    const uint32_t head = sizeof(struct cart_file_symbols), unit = sizeof(struct cart_file_symbol);
    uint32_t lo = 0, hi = info->symbol_count;

    // Sorted by (task, addr) without overlaps: the last entry at or before
    // (task, addr) is the only one that can hold it.
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        struct cart_file_symbol s = symbol_at(section, mid);
        if (s.task < task || (s.task == task && s.addr <= addr))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    struct cart_file_symbol s = symbol_at(section, lo - 1);
    if (s.task != task || addr - s.addr >= s.size)
        return 0;
    *name = (const char *)section + head + info->symbol_count * unit + s.name;
    *offset = addr - s.addr;
    return 1;
}

// Last, because it reads the whole file: every cheaper check came first.
static int
check_payload_crc(struct cart_error *err, const struct cart_file_header *h,
                  const uint8_t *bytes, uint32_t size)
{
    uint32_t crc = cart_crc32(0, bytes + CART_PAGE_SIZE, size - CART_PAGE_SIZE);

    if (crc != h->payload_crc)
        return reject(err, CART_ERR_PAYLOAD_CRC, "payload_crc: %x stored, %x computed", h->payload_crc, crc);
    return CART_OK;
}

// The checked header as struct cart_info.
static void
describe(const struct cart_file_header *h, const uint8_t *bytes, struct cart_info *out)
{
    int title_len = title_length(h);

    for (int i = 0; i < title_len; i++)
        out->title[i] = h->title[i];
    for (int i = title_len; i <= CART_TITLE_MAX; i++)
        out->title[i] = '\0';
    out->flags = h->flags;
    out->fps = h->fps;
    out->task_count = h->task_count;
    for (int i = 0; i < CART_MAX_TASKS; i++) {
        const struct cart_file_task *t = &h->task[i];
        out->task[i] = (struct cart_task){
            .letter = (char)t->letter, .file_offset = t->file_offset, .file_size = t->file_size,
            .vaddr = t->vaddr, .mem_size = t->mem_size, .ro_size = t->ro_size, .entry = t->entry,
        };
    }
    out->frame_count = h->frame_count;
    out->frames_offset = h->frames_offset;
    out->palette_count = h->palette_count;
    out->palette_offset = h->palette_offset;
    out->symbols_offset = h->symbols_offset;
    out->symbols_size = h->symbols_size;
    out->symbol_count = h->symbols_size ? le32(bytes + h->symbols_offset) : 0;
    out->version = h->version;
    out->file_size = h->file_size;
    out->header_crc = h->header_crc;
    out->payload_crc = h->payload_crc;
}

int
cart_parse(const void *data, uint32_t size, struct cart_info *out, struct cart_error *err)
{
    const uint8_t *bytes = data;
    struct cart_file_header h;
    int status;

    if (err) {
        err->status = CART_OK;
        err->message[0] = '\0';
    }
    if (size < CART_PAGE_SIZE)
        return reject(err, CART_ERR_TRUNCATED, "file: %u bytes, less than the 4096-byte header page", size);

    // Read the header through a copy: the caller's buffer need not be aligned.
    uint8_t *copy = (uint8_t *)&h;
    for (uint32_t i = 0; i < sizeof h; i++)
        copy[i] = bytes[i];

    if ((status = check_identity(err, &h)) ||
        (status = check_reserved(err, &h, bytes)) ||
        (status = check_header_crc(err, &h, bytes)) ||
        (status = check_file_size(err, &h, size)) ||
        (status = check_title(err, &h)) ||
        (status = check_fps(err, &h)) ||
        (status = check_task_table(err, &h)) ||
        (status = check_sections(err, &h, size)) ||
        (status = check_tasks(err, &h)) ||
        (status = check_frames(err, &h)) ||
        (status = check_symbols(err, &h, bytes)) ||
        (status = check_payload_crc(err, &h, bytes, size)))
        return status;
    describe(&h, bytes, out);
    return CART_OK;
}

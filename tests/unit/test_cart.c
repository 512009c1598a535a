// cart_parse and cart_crc32.  A valid cartridge is built here by hand (not by
// mkcart), then each case damages one field, recomputes the CRCs with zlib
// so that the damage is what the parser meets, and expects its own status.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>
#include "abi/cart.h"

// The fixture: two tasks, a palette of 4 colours and 2 frames.
//   0x0000 header  0x1000 task A (100 bytes)  0x2000 task B (0x1100 bytes)
//   0x4000 palette  0x5000 frames (2 x 4096)  size 0x7000
#define FIX_SIZE 0x7000u

struct cart {
    uint8_t *bytes;
    uint32_t size;
};

static struct cart_file_header *
header(struct cart *c)
{
    return (struct cart_file_header *)c->bytes;
}

// Stores both CRCs, the way a correct writer would.
static void
seal(struct cart *c)
{
    struct cart_file_header *h = header(c);

    h->payload_crc = (uint32_t)crc32(0, c->bytes + CART_PAGE_SIZE, h->file_size - CART_PAGE_SIZE);
    h->header_crc = 0;
    h->header_crc = (uint32_t)crc32(0, c->bytes, CART_PAGE_SIZE);
}

static struct cart
make_cart(uint32_t size, uint32_t frames)
{
    struct cart c = { calloc(1, size), size };
    struct cart_file_header *h = header(&c);

    memcpy(h->magic, CART_MAGIC, CART_MAGIC_SIZE);
    h->version = CART_VERSION;
    h->header_size = CART_HEADER_SIZE;
    h->file_size = size;
    strcpy(h->title, "Fixture");
    h->fps = 16;
    h->task_count = 2;
    h->task[0] = (struct cart_file_task){ 'A', {0}, 0x1000, 100, CART_CODE_BASE, 0x1800, 0x1000,
                                          CART_CODE_BASE + 0x10, 0 };
    h->task[1] = (struct cart_file_task){ 'B', {0}, 0x2000, 0x1100, CART_CODE_BASE + 0x1000, 0x1100,
                                          0x1000, CART_CODE_BASE + 0x1000, 0 };
    h->palette_count = 4;
    h->palette_offset = 0x4000;
    h->frame_count = frames;
    h->frames_offset = 0x5000;
    for (uint32_t i = CART_PAGE_SIZE; i < size; i++)
        c.bytes[i] = (uint8_t)(i * 7 + i / 4096);
    seal(&c);
    return c;
}

static int
parse(struct cart *c, struct cart_info *info, struct cart_error *err)
{
    // An exact-size copy, so that AddressSanitizer sees any read past the end.
    uint8_t *copy = malloc(c->size ? c->size : 1);
    memcpy(copy, c->bytes, c->size);
    int status = cart_parse(copy, c->size, info, err);
    free(copy);
    return status;
}

static void
test_valid(void **state)
{
    (void)state;
    struct cart c = make_cart(FIX_SIZE, 2);
    struct cart_info info;
    struct cart_error err;

    assert_int_equal(parse(&c, &info, &err), CART_OK);
    assert_int_equal(err.status, CART_OK);
    assert_string_equal(info.title, "Fixture");
    assert_int_equal(info.fps, 16);
    assert_int_equal(info.task_count, 2);
    assert_int_equal(info.task[0].letter, 'A');
    assert_int_equal(info.task[0].file_offset, 0x1000);
    assert_int_equal(info.task[0].file_size, 100);
    assert_int_equal(info.task[0].mem_size, 0x1800);
    assert_int_equal(info.task[0].entry, CART_CODE_BASE + 0x10);
    assert_int_equal(info.task[1].letter, 'B');
    assert_int_equal(info.task[1].vaddr, CART_CODE_BASE + 0x1000);
    assert_int_equal(info.frame_count, 2);
    assert_int_equal(info.frames_offset, 0x5000);
    assert_int_equal(info.palette_count, 4);
    assert_int_equal(info.palette_offset, 0x4000);
    assert_int_equal(info.file_size, FIX_SIZE);
    assert_int_equal(info.header_crc, header(&c)->header_crc);
    free(c.bytes);
}

// The header is read through a copy, so any alignment of the buffer works;
// UBSan would report a misaligned access otherwise.
static void
test_unaligned_buffer_and_null_err(void **state)
{
    (void)state;
    struct cart c = make_cart(FIX_SIZE, 2);
    uint8_t *odd = malloc(FIX_SIZE + 1);
    struct cart_info info;

    memcpy(odd + 1, c.bytes, FIX_SIZE);
    assert_int_equal(cart_parse(odd + 1, FIX_SIZE, &info, NULL), CART_OK);
    odd[1] ^= 1;
    assert_int_equal(cart_parse(odd + 1, FIX_SIZE, &info, NULL), CART_ERR_MAGIC);
    free(odd);
    free(c.bytes);
}

// Every prefix of a valid cartridge is refused, without reading past it.
static void
test_every_truncation(void **state)
{
    (void)state;
    struct cart c = make_cart(FIX_SIZE, 2);
    struct cart_info info;
    struct cart_error err;

    for (uint32_t size = 0; size < FIX_SIZE; size++) {
        struct cart cut = { c.bytes, size };
        int status = parse(&cut, &info, &err);
        assert_int_equal(status, size < CART_PAGE_SIZE ? CART_ERR_TRUNCATED : CART_ERR_FILE_SIZE);
    }
    free(c.bytes);
}

static void
test_crc_matches_zlib(void **state)
{
    (void)state;
    uint8_t buf[5000];
    uint32_t seed = 12345;

    assert_int_equal(cart_crc32(0, "123456789", 9), 0xcbf43926u);
    assert_int_equal(cart_crc32(0, "", 0), 0);
    for (size_t i = 0; i < sizeof buf; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = (uint8_t)(seed >> 16);
    }
    for (uint32_t len = 0; len <= sizeof buf; len += 97)
        assert_int_equal(cart_crc32(0, buf, len), (uint32_t)crc32(0, buf, len));
    // Chained over two pieces, like the header CRC with its hole.
    uint32_t part = cart_crc32(0, buf, 1234);
    assert_int_equal(cart_crc32(part, buf + 1234, 3000), (uint32_t)crc32(0, buf, 4234));
}

// ---- one case per check ------------------------------------------------------

struct bad_case {
    const char *name;
    void (*damage)(struct cart *c);      // runs on the fixture; the case reseals
    int reseal;                          // recompute the CRCs after the damage
    int status;
    const char *message;                 // a piece the message must contain
};

static void no_damage(struct cart *c) { (void)c; }
static void truncate_page(struct cart *c) { c->size = CART_PAGE_SIZE - 1; }
static void truncate_empty(struct cart *c) { c->size = 0; }
static void magic_first(struct cart *c) { c->bytes[0] = 0x7f; }
static void magic_high_bit(struct cart *c) { c->bytes[0] &= 0x7f; }
// What a text-mode transfer does: CRLF becomes LF, the file shifts by one.
static void magic_crlf(struct cart *c)
{
    memmove(c->bytes + 4, c->bytes + 5, c->size - 5);
    c->size--;
}
static void version2(struct cart *c) { header(c)->version = 2; }
static void header_size(struct cart *c) { header(c)->header_size = 255; }
static void flags(struct cart *c) { header(c)->flags = 0x80; }
static void reserved_word(struct cart *c) { header(c)->reserved[3] = 1; }
static void task_reserved(struct cart *c) { header(c)->task[1].reserved0[2] = 9; }
static void task_reserved_unused_slot(struct cart *c) { header(c)->task[3].reserved1 = 1; }
static void page_tail(struct cart *c) { c->bytes[0xabc] = 1; }
static void title_bit(struct cart *c) { header(c)->title[0] ^= 1; }
static void declared_bigger(struct cart *c) { header(c)->file_size += CART_PAGE_SIZE; }
static void declared_smaller(struct cart *c) { header(c)->file_size -= CART_PAGE_SIZE; }
static void unaligned_size(struct cart *c) { header(c)->file_size = c->size = FIX_SIZE - 5; }
static void title_empty(struct cart *c) { memset(header(c)->title, 0, CART_TITLE_MAX); }
static void title_control(struct cart *c) { header(c)->title[2] = '\n'; }
static void title_high(struct cart *c) { header(c)->title[2] = (char)0xe9; }
static void title_after_nul(struct cart *c) { header(c)->title[20] = 'x'; }
static void title_full(struct cart *c) { memset(header(c)->title, 'T', CART_TITLE_MAX); }
static void fps_high(struct cart *c) { header(c)->fps = CART_MAX_FPS + 1; }
static void no_tasks(struct cart *c) { header(c)->task_count = 0; }
static void five_tasks(struct cart *c) { header(c)->task_count = 5; }
static void huge_task_count(struct cart *c) { header(c)->task_count = 0xffffffffu; }
static void unused_slot(struct cart *c) { header(c)->task_count = 1; }
static void empty_frames_offset(struct cart *c) { header(c)->frame_count = 0; }
static void empty_palette_offset(struct cart *c)
{
    header(c)->palette_count = 0;
    header(c)->frame_count = 0;
    header(c)->frames_offset = 0;
}
static void task_unaligned(struct cart *c) { header(c)->task[1].file_offset = 0x2004; }
static void frames_unaligned(struct cart *c) { header(c)->frames_offset = 0x5800; }
static void frames_past_end(struct cart *c) { header(c)->frame_count = 3; }
static void frames_offset_past_end(struct cart *c) { header(c)->frames_offset = FIX_SIZE; }
// 0x100000 frames x 4096 bytes is exactly 2^32: zero if multiplied in 32 bits.
static void frames_wrap(struct cart *c) { header(c)->frame_count = 0x100000; }
static void task_size_huge(struct cart *c) { header(c)->task[0].file_size = 0xffffffffu; }
// offset + size wraps past 2^32 back into the file.
static void task_offset_wrap(struct cart *c)
{
    header(c)->task[0].file_offset = 0xfffff000u;
    header(c)->task[0].file_size = 0x2000;
}
// 1366 colours of 3 bytes from the last page: 2 bytes too many.
static void palette_past_end(struct cart *c)
{
    header(c)->palette_offset = FIX_SIZE - CART_PAGE_SIZE;
    header(c)->palette_count = 1366;
}
static void overlap_tasks(struct cart *c) { header(c)->task[1].file_offset = 0x1000; }
static void overlap_header(struct cart *c) { header(c)->task[0].file_offset = 0; }
static void overlap_palette_frames(struct cart *c) { header(c)->palette_offset = 0x6000; }
static void overlap_task_frames(struct cart *c) { header(c)->task[1].file_offset = 0x5000; }
static void letter_e(struct cart *c) { header(c)->task[1].letter = 'E'; }
static void letter_lower(struct cart *c) { header(c)->task[0].letter = 'a'; }
static void letter_at(struct cart *c) { header(c)->task[0].letter = '@'; }
static void letter_zero(struct cart *c) { header(c)->task[0].letter = 0; }
static void letter_twice(struct cart *c) { header(c)->task[1].letter = 'A'; }
static void vaddr_unaligned(struct cart *c) { header(c)->task[0].vaddr += 0x10; header(c)->task[0].entry += 0x10; }
static void vaddr_below(struct cart *c) { header(c)->task[0].vaddr -= 0x1000; header(c)->task[0].entry -= 0x1000; }
static void mem_past_window(struct cart *c) { header(c)->task[1].mem_size = CART_CODE_SIZE; }
static void vaddr_past_window(struct cart *c)
{
    header(c)->task[0].vaddr = CART_CODE_BASE + CART_CODE_SIZE;
    header(c)->task[0].entry = header(c)->task[0].vaddr;
}
// vaddr + mem_size wraps past 2^32 into the window.
static void vaddr_wrap(struct cart *c)
{
    header(c)->task[0].vaddr = 0xfffff000u;
    header(c)->task[0].mem_size = CART_CODE_BASE + 0x2000;
}
static void ro_unaligned(struct cart *c) { header(c)->task[0].ro_size = 0x800; }
static void ro_past_memory(struct cart *c) { header(c)->task[0].ro_size = 0x3000; }
static void entry_at_end(struct cart *c) { header(c)->task[0].entry = CART_CODE_BASE + 100; }
static void entry_below(struct cart *c) { header(c)->task[0].entry = CART_CODE_BASE - 1; }
static void mem_below_file(struct cart *c) { header(c)->task[0].mem_size = 99; }
static void too_many_colors(struct cart *c) { header(c)->palette_count = CART_MAX_COLORS + 1; }
static void frames_without_palette(struct cart *c)
{
    header(c)->palette_count = 0;
    header(c)->palette_offset = 0;
}
// The symbols fixture: a page after the frames holding three functions,
// two of task A and one of task B.
#define SYM_OFFSET FIX_SIZE
static const char sym_strings[] = "main\0helper\0_start";   // 19 bytes with the last NUL
static const struct cart_file_symbol sym_entries[] = {
    { 0, CART_CODE_BASE + 0x10, 0x20, 0 },
    { 0, CART_CODE_BASE + 0x30, 0x10, 5 },
    { 1, CART_CODE_BASE + 0x1000, 0x100, 12 },
};
#define SYM_COUNT 3u
#define SYM_SIZE  (4u + sizeof sym_entries + sizeof sym_strings)

static struct cart_file_symbol *
sym(struct cart *c, uint32_t i)
{
    return (struct cart_file_symbol *)(c->bytes + SYM_OFFSET + 4) + i;
}

static char *
sym_names(struct cart *c)
{
    return (char *)(c->bytes + SYM_OFFSET + 4 + sizeof sym_entries);
}

static void
with_symbols(struct cart *c)
{
    uint32_t count = SYM_COUNT;

    c->bytes = realloc(c->bytes, FIX_SIZE + CART_PAGE_SIZE);
    memset(c->bytes + FIX_SIZE, 0, CART_PAGE_SIZE);
    c->size = FIX_SIZE + CART_PAGE_SIZE;
    header(c)->file_size = c->size;
    header(c)->symbols_offset = SYM_OFFSET;
    header(c)->symbols_size = SYM_SIZE;
    memcpy(c->bytes + SYM_OFFSET, &count, 4);
    memcpy(sym(c, 0), sym_entries, sizeof sym_entries);
    memcpy(sym_names(c), sym_strings, sizeof sym_strings);
}

static void symbols_ok(struct cart *c) { with_symbols(c); }
static void symbols_empty_offset(struct cart *c) { with_symbols(c); header(c)->symbols_size = 0; }
static void symbols_unaligned(struct cart *c) { with_symbols(c); header(c)->symbols_offset += 4; }
static void symbols_past_end(struct cart *c) { with_symbols(c); header(c)->symbols_size = CART_PAGE_SIZE + 1; }
static void symbols_over_frames(struct cart *c) { with_symbols(c); header(c)->symbols_offset = 0x6000; }
static void symbols_no_count(struct cart *c) { with_symbols(c); header(c)->symbols_size = 3; }
static void symbols_count_big(struct cart *c) { with_symbols(c); c->bytes[SYM_OFFSET] = 5; }
// 2^28 entries of 16 bytes is 2^32: zero if multiplied in 32 bits.
static void symbols_count_wrap(struct cart *c) { with_symbols(c); memcpy(c->bytes + SYM_OFFSET, "\0\0\0\x10", 4); }
static void symbol_task(struct cart *c) { with_symbols(c); sym(c, 2)->task = 2; }
static void symbol_below(struct cart *c) { with_symbols(c); sym(c, 0)->addr = CART_CODE_BASE - 1; }
static void symbol_past_image(struct cart *c) { with_symbols(c); sym(c, 2)->size = 0x1101; }
static void symbol_size_zero(struct cart *c) { with_symbols(c); sym(c, 1)->size = 0; }
static void symbol_size_wrap(struct cart *c) { with_symbols(c); sym(c, 2)->size = 0xffffffffu; }
static void symbol_name_outside(struct cart *c) { with_symbols(c); sym(c, 1)->name = sizeof sym_strings; }
static void symbol_name_unterminated(struct cart *c) { with_symbols(c); header(c)->symbols_size -= 1; }
static void symbol_name_empty(struct cart *c) { with_symbols(c); sym(c, 1)->name = 4; }
static void symbol_name_control(struct cart *c) { with_symbols(c); sym_names(c)[1] = '\n'; }
static void symbol_order(struct cart *c)
{
    with_symbols(c);
    struct cart_file_symbol first = *sym(c, 0);
    *sym(c, 0) = *sym(c, 1);
    *sym(c, 1) = first;
}
static void symbol_task_order(struct cart *c) { with_symbols(c); sym(c, 1)->task = 1; sym(c, 1)->addr = CART_CODE_BASE + 0x1000; }
static void symbol_overlap(struct cart *c) { with_symbols(c); sym(c, 0)->size = 0x21; }
static void symbol_same_addr(struct cart *c) { with_symbols(c); sym(c, 1)->addr = sym(c, 0)->addr; }
// A name of CART_SYMBOL_NAME_MAX characters passes; one more does not.
static void symbol_name_long(struct cart *c, uint32_t len)
{
    with_symbols(c);
    header(c)->symbols_size = SYM_SIZE + len + 1;
    memset(c->bytes + SYM_OFFSET + SYM_SIZE, 'f', len);
    sym(c, 1)->name = sizeof sym_strings;
}
static void symbol_name_max(struct cart *c) { symbol_name_long(c, CART_SYMBOL_NAME_MAX); }
static void symbol_name_too_long(struct cart *c) { symbol_name_long(c, CART_SYMBOL_NAME_MAX + 1); }
static void payload_byte(struct cart *c) { c->bytes[0x5123] ^= 0x20; }
static void padding_byte(struct cart *c) { c->bytes[0x1000 + 100] ^= 1; }

static const struct bad_case cases[] = {
    { "truncated below a page", truncate_page, 0, CART_ERR_TRUNCATED, "4095 bytes" },
    { "empty file", truncate_empty, 0, CART_ERR_TRUNCATED, "0 bytes" },
    { "bad magic", magic_first, 0, CART_ERR_MAGIC, "magic: byte 0 is 0x0000007f" },
    { "magic through a 7-bit channel", magic_high_bit, 0, CART_ERR_MAGIC, "magic" },
    { "magic after CRLF to LF", magic_crlf, 0, CART_ERR_MAGIC, "byte 4" },
    { "bad version", version2, 1, CART_ERR_VERSION, "version: 2" },
    { "bad header size", header_size, 1, CART_ERR_HEADER_SIZE, "header_size: 255" },
    { "unknown flag", flags, 1, CART_ERR_RESERVED, "flags: 0x00000080" },
    { "reserved word", reserved_word, 1, CART_ERR_RESERVED, "reserved[3]" },
    { "task reserved bytes", task_reserved, 1, CART_ERR_RESERVED, "task[1]: reserved" },
    { "unused slot reserved", task_reserved_unused_slot, 1, CART_ERR_RESERVED, "task[3]" },
    { "header page tail", page_tail, 1, CART_ERR_RESERVED, "0x00000abc" },
    { "bad header CRC", title_bit, 0, CART_ERR_HEADER_CRC, "header_crc" },
    { "declared size bigger", declared_bigger, 1, CART_ERR_FILE_SIZE, "32768 declared, the file has 28672" },
    { "declared size smaller", declared_smaller, 1, CART_ERR_FILE_SIZE, "24576 declared" },
    { "size not a page multiple", unaligned_size, 1, CART_ERR_FILE_UNALIGNED, "28667" },
    { "empty title", title_empty, 1, CART_ERR_TITLE, "title: empty" },
    { "control byte in title", title_control, 1, CART_ERR_TITLE, "byte 2 is 0x0000000a" },
    { "non-ASCII title", title_high, 1, CART_ERR_TITLE, "0x000000e9" },
    { "garbage after the title", title_after_nul, 1, CART_ERR_TITLE, "after the first NUL" },
    { "fps too high", fps_high, 1, CART_ERR_FPS, "fps: 1025" },
    { "no tasks", no_tasks, 1, CART_ERR_TASK_COUNT, "task_count: 0" },
    { "five tasks", five_tasks, 1, CART_ERR_TASK_COUNT, "task_count: 5" },
    { "huge task count", huge_task_count, 1, CART_ERR_TASK_COUNT, "4294967295" },
    { "unused slot not zero", unused_slot, 1, CART_ERR_TASK_UNUSED, "task[1]: unused" },
    { "empty frames with offset", empty_frames_offset, 1, CART_ERR_SECTION_EMPTY, "frames: empty" },
    { "empty palette with offset", empty_palette_offset, 1, CART_ERR_SECTION_EMPTY, "palette: empty" },
    { "task not aligned", task_unaligned, 1, CART_ERR_SECTION_ALIGN, "task[1]: offset 0x00002004" },
    { "frames not aligned", frames_unaligned, 1, CART_ERR_SECTION_ALIGN, "frames" },
    { "frames past the end", frames_past_end, 1, CART_ERR_SECTION_BOUNDS, "frames: 3 x 4096" },
    { "frames offset at the end", frames_offset_past_end, 1, CART_ERR_SECTION_BOUNDS, "frames" },
    { "frame count wrapping 2^32", frames_wrap, 1, CART_ERR_SECTION_BOUNDS, "1048576 x 4096" },
    { "huge task size", task_size_huge, 1, CART_ERR_SECTION_BOUNDS, "task[0]" },
    { "task offset wrapping 2^32", task_offset_wrap, 1, CART_ERR_SECTION_BOUNDS, "0xfffff000" },
    { "palette past the end", palette_past_end, 1, CART_ERR_SECTION_BOUNDS, "palette" },
    { "two tasks overlap", overlap_tasks, 1, CART_ERR_OVERLAP, "task[0] [0x00001000, 0x00001064) overlaps task[1]" },
    { "task over the header", overlap_header, 1, CART_ERR_OVERLAP, "header" },
    { "palette over frames", overlap_palette_frames, 1, CART_ERR_OVERLAP, "palette" },
    { "task over frames", overlap_task_frames, 1, CART_ERR_OVERLAP, "frames" },
    { "letter E", letter_e, 1, CART_ERR_TASK_LETTER, "task[1].letter: 69" },
    { "lowercase letter", letter_lower, 1, CART_ERR_TASK_LETTER, "97" },
    { "letter @", letter_at, 1, CART_ERR_TASK_LETTER, "64" },
    { "letter NUL", letter_zero, 1, CART_ERR_TASK_LETTER, "letter: 0" },
    { "letter twice", letter_twice, 1, CART_ERR_TASK_DUPLICATE, "task[1].letter: 'A' again" },
    { "vaddr not aligned", vaddr_unaligned, 1, CART_ERR_TASK_VADDR, "0x05000010" },
    { "vaddr below the window", vaddr_below, 1, CART_ERR_TASK_WINDOW, "0x04fff000" },
    { "memory past the window", mem_past_window, 1, CART_ERR_TASK_WINDOW, "mem_size 65536" },
    { "vaddr past the window", vaddr_past_window, 1, CART_ERR_TASK_WINDOW, "0x05010000" },
    { "vaddr + mem_size wrapping 2^32", vaddr_wrap, 1, CART_ERR_TASK_WINDOW, "0xfffff000" },
    { "ro_size not a page multiple", ro_unaligned, 1, CART_ERR_TASK_RO, "0x00000800" },
    { "ro_size past memory", ro_past_memory, 1, CART_ERR_TASK_RO, "0x00003000" },
    { "entry at the image end", entry_at_end, 1, CART_ERR_TASK_ENTRY, "task[0].entry: 0x05000064" },
    { "entry below the image", entry_below, 1, CART_ERR_TASK_ENTRY, "0x04ffffff" },
    { "mem_size below file_size", mem_below_file, 1, CART_ERR_TASK_MEM_SIZE, "99 is less than file_size 100" },
    { "too many colours", too_many_colors, 1, CART_ERR_PALETTE_COUNT, "palette_count: 257" },
    { "frames without palette", frames_without_palette, 1, CART_ERR_PALETTE_MISSING, "2 frames" },
    { "damaged frame", payload_byte, 0, CART_ERR_PAYLOAD_CRC, "payload_crc" },
    { "damaged padding", padding_byte, 0, CART_ERR_PAYLOAD_CRC, "payload_crc" },
    { "symbols: empty with offset", symbols_empty_offset, 1, CART_ERR_SECTION_EMPTY, "symbols: empty" },
    { "symbols: not aligned", symbols_unaligned, 1, CART_ERR_SECTION_ALIGN, "symbols: offset 0x00007004" },
    { "symbols: past the end", symbols_past_end, 1, CART_ERR_SECTION_BOUNDS, "symbols: 4097 x 1" },
    { "symbols: over the frames", symbols_over_frames, 1, CART_ERR_OVERLAP, "frames [0x00005000, 0x00007000) overlaps symbols" },
    { "symbols: no room for the count", symbols_no_count, 1, CART_ERR_SYMBOL_COUNT, "symbols: 0 entries do not fit its 3 bytes" },
    { "symbols: one entry too many", symbols_count_big, 1, CART_ERR_SYMBOL_COUNT, "5 entries do not fit its 71 bytes" },
    { "symbols: count wrapping 2^32", symbols_count_wrap, 1, CART_ERR_SYMBOL_COUNT, "268435456 entries" },
    { "symbol of a missing task", symbol_task, 1, CART_ERR_SYMBOL_TASK, "symbol[2].task: 2, the file has 2 tasks" },
    { "symbol below the image", symbol_below, 1, CART_ERR_SYMBOL_ADDR, "symbol[0]: 32 bytes at 0x04ffffff" },
    { "symbol past the image", symbol_past_image, 1, CART_ERR_SYMBOL_ADDR, "symbol[2]: 4353 bytes at 0x05001000 are not inside task[1]" },
    { "symbol of no bytes", symbol_size_zero, 1, CART_ERR_SYMBOL_ADDR, "symbol[1]: 0 bytes" },
    { "symbol size wrapping 2^32", symbol_size_wrap, 1, CART_ERR_SYMBOL_ADDR, "symbol[2]: 4294967295 bytes" },
    { "symbol name outside the strings", symbol_name_outside, 1, CART_ERR_SYMBOL_NAME, "symbol[1].name: offset 19 is outside the 19 bytes" },
    { "symbol name without NUL", symbol_name_unterminated, 1, CART_ERR_SYMBOL_NAME, "symbol[2].name: no NUL" },
    { "symbol name empty", symbol_name_empty, 1, CART_ERR_SYMBOL_NAME, "symbol[1].name: empty" },
    { "symbol name with a newline", symbol_name_control, 1, CART_ERR_SYMBOL_NAME, "symbol[0].name: byte 1 is 0x0000000a" },
    { "symbol name too long", symbol_name_too_long, 1, CART_ERR_SYMBOL_NAME, "longer than 63" },
    { "symbols out of address order", symbol_order, 1, CART_ERR_SYMBOL_ORDER, "symbol[1]: task 0 at 0x05000010 comes after task 0 at 0x05000030" },
    { "symbols out of task order", symbol_task_order, 1, CART_ERR_SYMBOL_ORDER, "symbol[2]: task 1 at 0x05001000 comes after task 1 at 0x05001000" },
    { "symbols at one address", symbol_same_addr, 1, CART_ERR_SYMBOL_ORDER, "symbol[1]" },
    { "symbols overlapping", symbol_overlap, 1, CART_ERR_SYMBOL_OVERLAP, "symbol[1] at 0x05000030 overlaps symbol[0] [0x05000010, 0x05000031)" },
    { "symbol name of 63 characters", symbol_name_max, 1, CART_OK, "" },
    { "the fixture with symbols", symbols_ok, 1, CART_OK, "" },
    { "title of 32 characters", title_full, 1, CART_OK, "" },
    { "the fixture itself", no_damage, 0, CART_OK, "" },
};

static void
test_case(void **state)
{
    const struct bad_case *k = *state;
    struct cart c = make_cart(FIX_SIZE, 2);
    struct cart_info info;
    struct cart_error err;

    k->damage(&c);
    if (k->reseal)
        seal(&c);
    int status = parse(&c, &info, &err);
    if (status != k->status || !strstr(err.message, k->message))
        fail_msg("%s: status %d (want %d), message \"%s\" (want \"%s\" in it)",
                 k->name, status, k->status, err.message, k->message);
    assert_int_equal(err.status, status);
    assert_true(strlen(err.message) < sizeof err.message);
    free(c.bytes);
}

// The frame limit needs a file big enough to hold one frame more than allowed.
static void
test_too_many_frames(void **state)
{
    (void)state;
    uint32_t frames = CART_MAX_FRAMES + 1;
    struct cart c = make_cart(0x5000 + frames * CART_FRAME_SIZE, frames);
    struct cart_info info;
    struct cart_error err;

    assert_int_equal(parse(&c, &info, &err), CART_ERR_FRAME_COUNT);
    assert_non_null(strstr(err.message, "frame_count: 1921, more than the maximum 1920"));
    free(c.bytes);

    c = make_cart(0x5000 + CART_MAX_FRAMES * CART_FRAME_SIZE, CART_MAX_FRAMES);
    assert_int_equal(parse(&c, &info, &err), CART_OK);
    free(c.bytes);
}

static void
test_too_big(void **state)
{
    (void)state;
    struct cart c = make_cart(CART_MAX_FILE_SIZE + CART_PAGE_SIZE, 2);
    struct cart_info info;
    struct cart_error err;

    assert_int_equal(parse(&c, &info, &err), CART_ERR_FILE_TOO_BIG);
    assert_non_null(strstr(err.message, "8392704"));
    free(c.bytes);
}

// cart_symbol finds the function holding an address, in its task only.
static void
test_symbol_lookup(void **state)
{
    (void)state;
    struct cart c = make_cart(FIX_SIZE, 2);
    struct cart_info info;
    const char *name = NULL;
    uint32_t offset = 0;

    with_symbols(&c);
    seal(&c);
    assert_int_equal(cart_parse(c.bytes, c.size, &info, NULL), CART_OK);
    assert_int_equal(info.symbols_offset, SYM_OFFSET);
    assert_int_equal(info.symbols_size, SYM_SIZE);
    assert_int_equal(info.symbol_count, SYM_COUNT);
    assert_true(cart_symbol(c.bytes, &info, 0, CART_CODE_BASE + 0x10, &name, &offset));
    assert_string_equal(name, "main");
    assert_int_equal(offset, 0);
    assert_true(cart_symbol(c.bytes, &info, 0, CART_CODE_BASE + 0x2f, &name, &offset));
    assert_string_equal(name, "main");
    assert_int_equal(offset, 0x1f);
    assert_true(cart_symbol(c.bytes, &info, 0, CART_CODE_BASE + 0x3f, &name, &offset));
    assert_string_equal(name, "helper");
    assert_int_equal(offset, 0xf);
    assert_true(cart_symbol(c.bytes, &info, 1, CART_CODE_BASE + 0x1042, &name, &offset));
    assert_string_equal(name, "_start");
    assert_int_equal(offset, 0x42);
    // Before the first, after the last, and another task's address.
    assert_false(cart_symbol(c.bytes, &info, 0, CART_CODE_BASE + 0xf, &name, &offset));
    assert_false(cart_symbol(c.bytes, &info, 0, CART_CODE_BASE + 0x40, &name, &offset));
    assert_false(cart_symbol(c.bytes, &info, 1, CART_CODE_BASE + 0x10, &name, &offset));
    assert_false(cart_symbol(c.bytes, &info, 1, CART_CODE_BASE + 0x1100, &name, &offset));
    assert_false(cart_symbol(c.bytes, &info, 3, CART_CODE_BASE + 0x1010, &name, &offset));
    assert_false(cart_symbol(c.bytes, &info, 0, 0, &name, &offset));
    free(c.bytes);

    // A cartridge without the section (reserved words zero) has none.
    c = make_cart(FIX_SIZE, 2);
    assert_int_equal(cart_parse(c.bytes, c.size, &info, NULL), CART_OK);
    assert_int_equal(info.symbol_count, 0);
    assert_int_equal(info.symbols_offset, 0);
    assert_false(cart_symbol(c.bytes, &info, 0, CART_CODE_BASE + 0x10, &name, &offset));
    free(c.bytes);
}

int
main(void)
{
    enum { NCASES = sizeof cases / sizeof cases[0] };
    struct CMUnitTest tests[NCASES + 7] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_unaligned_buffer_and_null_err),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_crc_matches_zlib),
        cmocka_unit_test(test_too_many_frames),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_symbol_lookup),
    };
    for (int i = 0; i < NCASES; i++)
        tests[7 + i] = (struct CMUnitTest){ cases[i].name, test_case, NULL, NULL, (void *)&cases[i] };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

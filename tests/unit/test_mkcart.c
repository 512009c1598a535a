// mkcart's parts: ELF and flat task images (task.c), PNG sprite sheets
// (sheet.c, fed PNGs written here with libpng in every colour type), and the
// assembled file (assemble.c) read back by cart_parse.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <elf.h>
#include <png.h>
#include <zlib.h>
#include "mkcart.h"

#define BASE CART_CODE_BASE

static char err[MK_ERR_MAX];

static void
expect_error(int rc, const char *piece)
{
    if (rc != -1 || !strstr(err, piece))
        fail_msg("rc %d, message \"%s\" (want -1 and \"%s\" in it)", rc, err, piece);
}

// ---- ELF executables, built byte by byte ---------------------------------------

struct seg {
    uint32_t vaddr, filesz, memsz, flags;
};

// An ELF32 i386 executable with the given PT_LOAD segments; segment i's
// file bytes are all (0x10 + i) and sit at file offset 0x1000 * (i + 1).
static uint8_t *
make_elf(const struct seg *segs, int n, uint32_t entry, size_t *size)
{
    *size = 0x1000 * (size_t)(n + 1);
    uint8_t *elf = calloc(1, *size);
    Elf32_Ehdr eh = {
        .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS32, ELFDATA2LSB, EV_CURRENT },
        .e_type = ET_EXEC, .e_machine = EM_386, .e_version = EV_CURRENT, .e_entry = entry,
        .e_phoff = sizeof eh, .e_ehsize = sizeof eh, .e_phentsize = sizeof(Elf32_Phdr),
        .e_phnum = (Elf32_Half)n,
    };
    memcpy(elf, &eh, sizeof eh);
    for (int i = 0; i < n; i++) {
        Elf32_Phdr ph = {
            .p_type = PT_LOAD, .p_offset = 0x1000u * (i + 1), .p_vaddr = segs[i].vaddr,
            .p_paddr = segs[i].vaddr, .p_filesz = segs[i].filesz, .p_memsz = segs[i].memsz,
            .p_flags = segs[i].flags, .p_align = 0x1000,
        };
        memcpy(elf + sizeof eh + i * sizeof ph, &ph, sizeof ph);
        memset(elf + ph.p_offset, 0x10 + i, segs[i].filesz < 0x1000 ? segs[i].filesz : 0x1000);
    }
    return elf;
}

// What the SDK's linker script makes: text, then data and .bss a page on.
static const struct seg sdk_segs[] = {
    { BASE, 0xc00, 0xc00, PF_R | PF_X },
    { BASE + 0x2000, 0x100, 0x900, PF_R | PF_W },
};

static void
test_elf_text_data_bss(void **state)
{
    (void)state;
    size_t size;
    uint8_t *elf = make_elf(sdk_segs, 2, BASE + 0x20, &size);
    struct mk_task t;

    assert_int_equal(load_task(elf, size, &t, err), 0);
    assert_int_equal(t.vaddr, BASE);
    assert_int_equal(t.file_size, 0x2100);
    assert_int_equal(t.mem_size, 0x2900);
    assert_int_equal(t.ro_size, 0x1000);
    assert_int_equal(t.entry, BASE + 0x20);
    assert_int_equal(t.image[0], 0x10);
    assert_int_equal(t.image[0xbff], 0x10);
    assert_int_equal(t.image[0xc00], 0);     // the gap before data is zero
    assert_int_equal(t.image[0x1fff], 0);
    assert_int_equal(t.image[0x2000], 0x11);
    assert_int_equal(t.image[0x20ff], 0x11);
    free_task(&t);
    free(elf);
}

static void
test_elf_only_text_or_only_data(void **state)
{
    (void)state;
    const struct seg text[] = { { BASE + 0x3000, 0x10, 0x10, PF_R | PF_X } };
    const struct seg data[] = { { BASE, 0x10, 0x20, PF_R | PF_W | PF_X } };
    size_t size;
    uint8_t *elf = make_elf(text, 1, BASE + 0x3000, &size);
    struct mk_task t;

    assert_int_equal(load_task(elf, size, &t, err), 0);
    assert_int_equal(t.vaddr, BASE + 0x3000);
    assert_int_equal(t.ro_size, 0x1000);
    free_task(&t);
    free(elf);

    elf = make_elf(data, 1, BASE, &size);
    assert_int_equal(load_task(elf, size, &t, err), 0);
    assert_int_equal(t.ro_size, 0);
    assert_int_equal(t.mem_size, 0x20);
    free_task(&t);
    free(elf);
}

// Builds sdk_segs, lets edit() spoil it, and expects load_task to say piece.
static void
elf_refused(void (*edit)(uint8_t *elf, struct seg *segs), const char *piece)
{
    struct seg segs[2] = { sdk_segs[0], sdk_segs[1] };
    size_t size;
    struct mk_task t;

    edit(NULL, segs);
    uint8_t *elf = make_elf(segs, 2, BASE, &size);
    edit(elf, segs);
    expect_error(load_task(elf, size, &t, err), piece);
    assert_null(t.image);
    free(elf);
}

// Each edit is called twice: on the segments (elf NULL), then on the file.
static void elf64(uint8_t *e, struct seg *s) { (void)s; if (e) e[EI_CLASS] = ELFCLASS64; }
static void big_endian(uint8_t *e, struct seg *s) { (void)s; if (e) e[EI_DATA] = ELFDATA2MSB; }
static void x86_64(uint8_t *e, struct seg *s) { (void)s; if (e) e[offsetof(Elf32_Ehdr, e_machine)] = EM_X86_64; }
static void shared(uint8_t *e, struct seg *s) { (void)s; if (e) e[offsetof(Elf32_Ehdr, e_type)] = ET_DYN; }
static void phdrs_outside(uint8_t *e, struct seg *s) { (void)s; if (e) e[offsetof(Elf32_Ehdr, e_phoff) + 2] = 0x7f; }
static void linux_address(uint8_t *e, struct seg *s) { if (!e) s[0].vaddr = 0x08048000; }
static void past_window(uint8_t *e, struct seg *s) { if (!e) s[1].memsz = 0xf000; }
static void file_over_mem(uint8_t *e, struct seg *s) { if (!e) s[1].filesz = 0x1000, s[1].memsz = 0x800; }
static void data_past_file(uint8_t *e, struct seg *s) { if (!e) s[1].filesz = s[1].memsz = 0x2000; }
static void text_after_data(uint8_t *e, struct seg *s) { if (!e) s[0].flags = PF_R | PF_W, s[1].flags = PF_R | PF_X; }
static void data_shares_page(uint8_t *e, struct seg *s) { if (!e) s[1].vaddr = BASE + 0xe00; }
static void overlapping(uint8_t *e, struct seg *s) { if (!e) s[1].vaddr = BASE + 0x400; }
static void no_load(uint8_t *e, struct seg *s)
{
    (void)s;
    if (e)
        for (int i = 0; i < 2; i++)
            e[sizeof(Elf32_Ehdr) + i * sizeof(Elf32_Phdr)] = PT_NOTE;
}
static void entry_in_bss(uint8_t *e, struct seg *s)
{
    (void)s;
    uint32_t entry = BASE + 0x2800;
    if (e)
        memcpy(e + offsetof(Elf32_Ehdr, e_entry), &entry, sizeof entry);
}

static void
test_elf_refused(void **state)
{
    (void)state;
    elf_refused(elf64, "class 2");
    elf_refused(big_endian, "byte order 2");
    elf_refused(x86_64, "machine 62");
    elf_refused(shared, "type 3 is not an executable");
    elf_refused(phdrs_outside, "program headers");
    elf_refused(linux_address, "[0x08048000, 0x08048c00) is outside the code window");
    elf_refused(past_window, "segment 1: [0x05002000, 0x05011000)");
    elf_refused(file_over_mem, "file size 4096 is larger than memory size 2048");
    elf_refused(data_past_file, "go past the end of the file");
    elf_refused(text_after_data, "segment 1 is read-only but comes after writable data");
    elf_refused(data_shares_page, "0x05000e00 shares a page");
    elf_refused(overlapping, "overlaps");
    elf_refused(no_load, "no loadable segment");
    elf_refused(entry_in_bss, "entry point 0x05002800 is outside the loaded image [0x05000000, 0x05002100)");
}

static void
test_flat(void **state)
{
    (void)state;
    static uint8_t code[CART_CODE_SIZE + 1] = { 0xeb, 0xfe };
    struct mk_task t;

    assert_int_equal(load_task(code, 2, &t, err), 0);
    assert_int_equal(t.vaddr, BASE);
    assert_int_equal(t.entry, BASE);
    assert_int_equal(t.file_size, 2);
    assert_int_equal(t.mem_size, 2);
    assert_int_equal(t.ro_size, 0x1000);
    assert_memory_equal(t.image, code, 2);
    free_task(&t);

    assert_int_equal(load_task(code, CART_CODE_SIZE, &t, err), 0);
    assert_int_equal(t.ro_size, CART_CODE_SIZE);
    free_task(&t);
    expect_error(load_task(code, CART_CODE_SIZE + 1, &t, err), "65537 bytes does not fit");
    expect_error(load_task(code, 0, &t, err), "empty file");
    // Too short to be an ELF header, yet starting like one: still flat.
    assert_int_equal(load_task((const uint8_t *)"\177EL", 3, &t, err), 0);
    free_task(&t);
    expect_error(load_task((const uint8_t *)"\177ELF", 4, &t, err), "ELF header cut short");
}

// ---- PNG sprite sheets ----------------------------------------------------------

struct png_spec {
    uint32_t width, height;
    int color_type, bit_depth, interlace;
    const uint8_t *pixels;               // one byte per sample (16-bit: two, big-endian), no packing
    const png_color *palette;
    int palette_count;
};

// Writes spec to a temporary file and returns its name (to unlink).
static char *
write_png(const struct png_spec *s)
{
    static char path[64];
    int channels = s->color_type == PNG_COLOR_TYPE_RGB ? 3 : s->color_type == PNG_COLOR_TYPE_RGBA ? 4 :
                   s->color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
    size_t stride = (size_t)s->width * channels * (s->bit_depth == 16 ? 2 : 1);

    strcpy(path, "/tmp/test_mkcart_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    assert_int_equal(setjmp(png_jmpbuf(png)), 0);
    png_init_io(png, f);
    png_set_IHDR(png, info, s->width, s->height, s->bit_depth, s->color_type,
                 s->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (s->palette)
        png_set_PLTE(png, info, s->palette, s->palette_count);
    png_write_info(png, info);
    png_set_packing(png);                // one byte per pixel in, fewer bits out
    png_bytep *rows = malloc(s->height * sizeof *rows);
    for (uint32_t y = 0; y < s->height; y++)
        rows[y] = (png_bytep)s->pixels + y * stride;
    png_write_image(png, rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    fclose(f);
    free(rows);
    return path;
}

// The frames a sheet gave, gathered in memory.
struct frames {
    uint8_t *bytes;
    uint32_t size;
    int ends;                            // calls with size 0
};

static int
gather(void *arg, const uint8_t *data, uint32_t size, char *error)
{
    struct frames *f = arg;

    (void)error;
    if (!size) {
        f->ends++;
        return 0;
    }
    assert_int_equal(f->ends, 0);
    f->bytes = realloc(f->bytes, f->size + size);
    memcpy(f->bytes + f->size, data, size);
    f->size += size;
    return 0;
}

// Loads the sheet of spec; its frames land in f (to free).  Failed or not,
// the sink was told once at the end.
static int
sheet_from(const struct png_spec *spec, struct mk_sheet *sheet, struct frames *f)
{
    char *path = write_png(spec);
    *f = (struct frames){ NULL, 0, 0 };
    int rc = load_sheet(path, sheet, gather, f, err);
    unlink(path);
    assert_int_equal(f->ends, 1);
    if (rc == 0)
        assert_int_equal(f->size, sheet->frame_count * CART_FRAME_SIZE);
    return rc;
}

static const png_color palette16[16] = {
    {1, 2, 3}, {10, 20, 30}, {200, 100, 50}, {0, 0, 0}, {255, 255, 255}, {9, 9, 9},
    {7, 8, 9}, {70, 80, 90}, {11, 22, 33}, {44, 55, 66}, {77, 88, 99}, {1, 1, 1},
    {2, 2, 2}, {3, 3, 3}, {4, 4, 4}, {5, 5, 5},
};

// An indexed sheet of 100 x 70 cuts into 2 x 2 frames; each index stays, the
// palette stays, and the parts of the edge frames beyond the sheet are 0.
static void
check_indexed(int bit_depth, int interlace)
{
    uint32_t w = 100, h = 70, colors = bit_depth == 8 ? 16 : 1u << bit_depth;
    uint8_t *px = malloc(w * h);
    struct mk_sheet sheet;
    struct frames frames;

    for (uint32_t y = 0; y < h; y++)
        for (uint32_t x = 0; x < w; x++)
            px[y * w + x] = (uint8_t)((x * 3 + y * 5 + 1) % colors);
    struct png_spec spec = { w, h, PNG_COLOR_TYPE_PALETTE, bit_depth, interlace, px, palette16, (int)colors };
    assert_int_equal(sheet_from(&spec, &sheet, &frames), 0);
    assert_int_equal(sheet.frame_count, 4);
    assert_int_equal(sheet.palette_count, colors);
    for (uint32_t i = 0; i < colors; i++) {
        assert_int_equal(sheet.palette[3 * i], palette16[i].red);
        assert_int_equal(sheet.palette[3 * i + 2], palette16[i].blue);
    }
    for (uint32_t f = 0; f < 4; f++)
        for (uint32_t y = 0; y < 64; y++)
            for (uint32_t x = 0; x < 64; x++) {
                uint32_t sx = (f % 2) * 64 + x, sy = (f / 2) * 64 + y;
                uint8_t want = sx < w && sy < h ? px[sy * w + sx] : 0;
                assert_int_equal(frames.bytes[f * 4096 + y * 64 + x], want);
            }
    free(frames.bytes);
    free(px);
}

static void test_indexed_8bit(void **state) { (void)state; check_indexed(8, 0); }
static void test_indexed_4bit(void **state) { (void)state; check_indexed(4, 0); }
static void test_indexed_2bit(void **state) { (void)state; check_indexed(2, 0); }
static void test_indexed_1bit(void **state) { (void)state; check_indexed(1, 0); }
static void test_indexed_interlaced(void **state) { (void)state; check_indexed(8, 1); }

static void
test_index_beyond_palette(void **state)
{
    (void)state;
    uint8_t px[4] = { 0, 1, 2, 3 };
    struct png_spec spec = { 2, 2, PNG_COLOR_TYPE_PALETTE, 8, 0, px, palette16, 3 };
    struct mk_sheet sheet;
    struct frames frames;

    expect_error(sheet_from(&spec, &sheet, &frames), "pixel (1, 1) has index 3, the palette only 3 colours");
    free(frames.bytes);
}

// Colours are numbered in order of first appearance; alpha is dropped.
static void
test_rgba_first_appearance(void **state)
{
    (void)state;
    const uint8_t px[] = {
        9, 9, 9, 255,   200, 0, 0, 255,  9, 9, 9, 0,
        0, 0, 200, 128, 200, 0, 0, 10,   1, 2, 3, 255,
    };
    struct png_spec spec = { 3, 2, PNG_COLOR_TYPE_RGBA, 8, 0, px, NULL, 0 };
    struct mk_sheet sheet;
    struct frames frames;
    const uint8_t palette[] = { 9, 9, 9, 200, 0, 0, 0, 0, 200, 1, 2, 3 };
    const uint8_t row0[] = { 0, 1, 0 }, row1[] = { 2, 1, 3 };

    assert_int_equal(sheet_from(&spec, &sheet, &frames), 0);
    assert_int_equal(sheet.frame_count, 1);
    assert_int_equal(sheet.palette_count, 4);
    assert_memory_equal(sheet.palette, palette, sizeof palette);
    assert_memory_equal(frames.bytes, row0, 3);
    assert_memory_equal(frames.bytes + 64, row1, 3);
    assert_int_equal(frames.bytes[3], 0);
    free(frames.bytes);
}

static void
test_gray_and_16bit(void **state)
{
    (void)state;
    const uint8_t gray[] = { 50, 60, 50, 70 };
    const uint8_t rgb16[] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc,  0x12, 0x00, 0x56, 0x00, 0x9a, 0x00 };
    struct png_spec g = { 2, 2, PNG_COLOR_TYPE_GRAY, 8, 0, gray, NULL, 0 };
    struct png_spec c = { 2, 1, PNG_COLOR_TYPE_RGB, 16, 0, rgb16, NULL, 0 };
    struct mk_sheet sheet;
    struct frames frames;

    assert_int_equal(sheet_from(&g, &sheet, &frames), 0);
    assert_int_equal(sheet.palette_count, 3);
    assert_memory_equal(sheet.palette, "\x32\x32\x32\x3c\x3c\x3c\x46\x46\x46", 9);
    assert_memory_equal(frames.bytes + 64, "\x00\x02", 2);
    free(frames.bytes);

    // 16-bit channels keep their high byte, so these two pixels are one colour.
    assert_int_equal(sheet_from(&c, &sheet, &frames), 0);
    assert_int_equal(sheet.palette_count, 1);
    assert_memory_equal(sheet.palette, "\x12\x56\x9a", 3);
    free(frames.bytes);
}

static void
test_too_many_colors(void **state)
{
    (void)state;
    uint32_t w = 40, h = 10;             // 400 pixels, 300 colours, the 257th at (16, 6)
    uint8_t *px = malloc(w * h * 3);
    struct mk_sheet sheet;

    for (uint32_t i = 0; i < w * h; i++) {
        uint32_t c = i < 300 ? i : 0;
        px[3 * i] = (uint8_t)c;
        px[3 * i + 1] = (uint8_t)(c >> 8);
        px[3 * i + 2] = 7;
    }
    struct png_spec spec = { w, h, PNG_COLOR_TYPE_RGB, 8, 0, px, NULL, 0 };
    struct frames frames;
    expect_error(sheet_from(&spec, &sheet, &frames), "300 colours, more than 256: the first extra one, #000107, is at (16, 6)");
    free(frames.bytes);
    free(px);
}

static void
test_too_many_frames(void **state)
{
    (void)state;
    uint32_t w = 64 * CART_MAX_FRAMES + 1;
    uint8_t *px = calloc(w, 1);
    struct mk_sheet sheet;
    struct png_spec spec = { w, 1, PNG_COLOR_TYPE_GRAY, 8, 0, px, NULL, 0 };
    struct frames frames;

    expect_error(sheet_from(&spec, &sheet, &frames), "122881x1 pixels make 1921 frames");
    spec.width = w - 1;
    assert_int_equal(sheet_from(&spec, &sheet, &frames), 0);
    assert_int_equal(sheet.frame_count, CART_MAX_FRAMES);
    free(frames.bytes);
    free(px);
}

static void
test_not_a_png(void **state)
{
    (void)state;
    struct mk_sheet sheet;
    struct frames frames = { NULL, 0, 0 };
    char path[] = "/tmp/test_mkcart_XXXXXX";
    int fd = mkstemp(path);

    assert_int_equal(write(fd, "GIF89a, not a PNG at all", 24), 24);
    close(fd);
    expect_error(load_sheet(path, &sheet, gather, &frames, err), "PNG: ");
    unlink(path);
    assert_int_equal(frames.ends, 1);
    expect_error(load_sheet("/nonexistent/sheet.png", &sheet, gather, &frames, err), "cannot open");
}

// ---- symbols ---------------------------------------------------------------------

// Appends to an ELF from make_elf a string table, a symbol table of the n
// syms and the three section headers (none, .symtab, .strtab) naming them.
static uint8_t *
add_symtab(uint8_t *elf, size_t *size, const Elf32_Sym *syms, uint32_t n,
           const char *strings, uint32_t strings_size)
{
    size_t at_str = *size, at_sym = at_str + strings_size, at_sh = at_sym + n * sizeof *syms;
    Elf32_Shdr sh[3] = {
        {0},
        { .sh_type = SHT_SYMTAB, .sh_offset = (Elf32_Off)at_sym, .sh_size = n * sizeof *syms,
          .sh_link = 2, .sh_entsize = sizeof *syms },
        { .sh_type = SHT_STRTAB, .sh_offset = (Elf32_Off)at_str, .sh_size = strings_size },
    };
    Elf32_Ehdr eh;

    *size = at_sh + sizeof sh;
    elf = realloc(elf, *size);
    memcpy(elf + at_str, strings, strings_size);
    memcpy(elf + at_sym, syms, n * sizeof *syms);
    memcpy(elf + at_sh, sh, sizeof sh);
    memcpy(&eh, elf, sizeof eh);
    eh.e_shoff = (Elf32_Off)at_sh;
    eh.e_shnum = 3;
    eh.e_shentsize = sizeof(Elf32_Shdr);
    memcpy(elf, &eh, sizeof eh);
    return elf;
}

#define FUNC(name, value, size) { name, value, size, ELF32_ST_INFO(STB_GLOBAL, STT_FUNC), 0, 1 }
static const char sym_strings[] = "\0b_func\0a_func\0alias\0data\0empty\0far\0undef";
static const Elf32_Sym sdk_syms[] = {
    FUNC(1, BASE + 0x100, 0x10),                                    // b_func
    FUNC(8, BASE + 0x20, 0x30),                                     // a_func
    FUNC(15, BASE + 0x20, 0x30),                                    // alias: a_func's bytes
    { 21, BASE + 0x2000, 4, ELF32_ST_INFO(STB_GLOBAL, STT_OBJECT), 0, 2 },  // data
    FUNC(26, BASE + 0x200, 0),                                      // empty
    FUNC(32, BASE + 0x3000, 0x10),                                  // far: past the image
    { 36, 0, 0x10, ELF32_ST_INFO(STB_GLOBAL, STT_FUNC), 0, SHN_UNDEF }, // undef
};

static void
test_symbols_from_elf(void **state)
{
    (void)state;
    size_t size;
    uint8_t *elf = make_elf(sdk_segs, 2, BASE + 0x20, &size);
    struct mk_cart cart = { .title = "Symbols", .task_count = 1, .symbols = 1 };
    struct mk_task *t = &cart.task[0];
    struct cart_info info;
    const char *name;
    uint32_t offset;
    uint8_t *head;

    elf = add_symtab(elf, &size, sdk_syms, 7, sym_strings, sizeof sym_strings);
    t->letter = 'A';
    assert_int_equal(load_task(elf, size, t, err), 0);
    assert_int_equal(load_symbols(elf, size, t, err), 0);
    assert_int_equal(t->symbol_count, 2);
    assert_string_equal(t->symbols[0].name, "a_func");
    assert_int_equal(t->symbols[0].addr, BASE + 0x20);
    assert_int_equal(t->symbols[0].size, 0x30);
    assert_string_equal(t->symbols[1].name, "b_func");

    // Into the file after the task, and back out through the parser.
    assert_int_equal(symbols_size(&cart), 4 + 2 * 16 + 14);
    assert_int_equal(frames_offset(&cart), 0x5000);
    assert_int_equal(assemble_cart(&cart, &head, err), 0);
    assert_int_equal(cart_parse(head, 0x5000, &info, NULL), CART_OK);
    assert_int_equal(info.symbols_offset, 0x4000);
    assert_int_equal(info.symbol_count, 2);
    assert_true(cart_symbol(head, &info, 0, BASE + 0x10f, &name, &offset));
    assert_string_equal(name, "b_func");
    assert_int_equal(offset, 0xf);
    assert_false(cart_symbol(head, &info, 0, BASE + 0x50, &name, &offset));
    free(head);

    // Without --symbols the file is as before the section existed.
    cart.symbols = 0;
    assert_int_equal(frames_offset(&cart), 0x4000);
    assert_int_equal(assemble_cart(&cart, &head, err), 0);
    assert_int_equal(cart_parse(head, 0x4000, &info, NULL), CART_OK);
    assert_int_equal(info.symbols_offset + info.symbols_size + info.symbol_count, 0);
    free(head);
    free_task(t);
    free(elf);

    // A flat binary has no symbols.
    uint8_t code[] = { 0x90, 0xc3 };
    assert_int_equal(load_task(code, sizeof code, t, err), 0);
    assert_int_equal(load_symbols(code, sizeof code, t, err), 0);
    assert_int_equal(t->symbol_count, 0);
    free_task(t);
}

static void
try_symbols(const Elf32_Sym *syms, uint32_t n, const char *strings, uint32_t strings_size,
            void (*damage)(uint8_t *elf, size_t size), const char *piece)
{
    size_t size;
    uint8_t *elf = make_elf(sdk_segs, 2, BASE + 0x20, &size);
    struct mk_task t;

    elf = add_symtab(elf, &size, syms, n, strings, strings_size);
    if (damage)
        damage(elf, size);
    assert_int_equal(load_task(elf, size, &t, err), 0);
    expect_error(load_symbols(elf, size, &t, err), piece);
    free_task(&t);
    free(elf);
}

static void shdrs_outside(uint8_t *e, size_t size) { (void)size; e[offsetof(Elf32_Ehdr, e_shoff) + 2] = 0x7f; }
static void bad_link(uint8_t *e, size_t size) { e[size - 2 * sizeof(Elf32_Shdr) + offsetof(Elf32_Shdr, sh_link)] = 9; }
static void symtab_outside(uint8_t *e, size_t size) { e[size - 2 * sizeof(Elf32_Shdr) + offsetof(Elf32_Shdr, sh_size) + 2] = 0x10; }

static void
test_symbols_refused(void **state)
{
    (void)state;
    char long_name[CART_SYMBOL_NAME_MAX + 3] = "";
    const Elf32_Sym outside = FUNC(100, BASE, 4), named = FUNC(1, BASE, 4);

    try_symbols(&outside, 1, sym_strings, sizeof sym_strings, NULL, "outside the string table");
    try_symbols(&named, 1, "\0abc", 4, NULL, "has no NUL");
    memset(long_name + 1, 'f', CART_SYMBOL_NAME_MAX + 1);
    try_symbols(&named, 1, long_name, sizeof long_name, NULL, "longer than 63");
    try_symbols(&named, 1, "\0a\tb", 5, NULL, "not printable");
    try_symbols(&named, 1, "\0f", 3, shdrs_outside, "section headers");
    try_symbols(&named, 1, "\0f", 3, bad_link, "string table 9 does not exist");
    try_symbols(&named, 1, "\0f", 3, symtab_outside, "do not fit the file");
}

// ---- the whole file ---------------------------------------------------------------

static void
test_assemble_round_trip(void **state)
{
    (void)state;
    uint8_t code_b[] = { 0xb8, 0, 0, 0, 0 }, *px = malloc(130 * 64);
    struct mk_sheet sheet;
    struct frames frames;
    struct mk_cart cart = { .title = "Round trip", .fps = 32, .task_count = 2, .sheet = &sheet };
    struct cart_info info;
    struct cart_error cerr;
    uint8_t *head, *again;
    size_t elf_size;
    uint8_t *elf = make_elf(sdk_segs, 2, BASE + 0x20, &elf_size);

    for (int i = 0; i < 130 * 64; i++)
        px[i] = (uint8_t)(i % 5);
    struct png_spec spec = { 130, 64, PNG_COLOR_TYPE_PALETTE, 8, 0, px, palette16, 5 };
    assert_int_equal(sheet_from(&spec, &sheet, &frames), 0);
    // Given B first: the file still lists A first.
    cart.task[0].letter = 'B';
    assert_int_equal(load_task(code_b, sizeof code_b, &cart.task[0], err), 0);
    cart.task[1].letter = 'A';
    assert_int_equal(load_task(elf, elf_size, &cart.task[1], err), 0);

    assert_int_equal(frames_offset(&cart), 0x6000);
    cart.frames_crc = (uint32_t)crc32(0, frames.bytes, frames.size);
    assert_int_equal(assemble_cart(&cart, &head, err), 0);
    uint32_t size = 0x6000 + frames.size;
    uint8_t *file = malloc(size);
    memcpy(file, head, 0x6000);
    memcpy(file + 0x6000, frames.bytes, frames.size);
    assert_int_equal(cart_parse(file, size, &info, &cerr), CART_OK);
    assert_string_equal(info.title, "Round trip");
    assert_int_equal(info.fps, 32);
    assert_int_equal(info.task_count, 2);
    assert_int_equal(info.task[0].letter, 'A');
    assert_int_equal(info.task[0].file_offset, 0x1000);
    assert_int_equal(info.task[0].file_size, 0x2100);
    assert_int_equal(info.task[0].ro_size, 0x1000);
    assert_memory_equal(file + 0x1000, cart.task[1].image, 0x2100);
    assert_int_equal(info.task[1].letter, 'B');
    assert_int_equal(info.task[1].file_offset, 0x4000);
    assert_memory_equal(file + info.task[1].file_offset, code_b, sizeof code_b);
    assert_int_equal(info.palette_offset, 0x5000);
    assert_int_equal(info.palette_count, 5);
    assert_memory_equal(file + info.palette_offset, sheet.palette, 15);
    assert_int_equal(info.frames_offset, 0x6000);
    assert_int_equal(info.frame_count, 3);

    // Same inputs, same bytes.
    assert_int_equal(assemble_cart(&cart, &again, err), 0);
    assert_memory_equal(again, head, 0x6000);

    // No sheet: no palette page, the file ends after the tasks.
    cart.sheet = NULL;
    free(head);
    assert_int_equal(frames_offset(&cart), 0x5000);
    assert_int_equal(assemble_cart(&cart, &head, err), 0);
    assert_int_equal(cart_parse(head, 0x5000, &info, &cerr), CART_OK);
    assert_int_equal(info.frame_count + info.palette_count + info.palette_offset, 0);

    free(again);
    free(head);
    free(file);
    free_task(&cart.task[0]);
    free_task(&cart.task[1]);
    free(frames.bytes);
    free(elf);
    free(px);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elf_text_data_bss),
        cmocka_unit_test(test_elf_only_text_or_only_data),
        cmocka_unit_test(test_elf_refused),
        cmocka_unit_test(test_flat),
        cmocka_unit_test(test_indexed_8bit),
        cmocka_unit_test(test_indexed_4bit),
        cmocka_unit_test(test_indexed_2bit),
        cmocka_unit_test(test_indexed_1bit),
        cmocka_unit_test(test_indexed_interlaced),
        cmocka_unit_test(test_index_beyond_palette),
        cmocka_unit_test(test_rgba_first_appearance),
        cmocka_unit_test(test_gray_and_16bit),
        cmocka_unit_test(test_too_many_colors),
        cmocka_unit_test(test_too_many_frames),
        cmocka_unit_test(test_not_a_png),
        cmocka_unit_test(test_assemble_round_trip),
        cmocka_unit_test(test_symbols_from_elf),
        cmocka_unit_test(test_symbols_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

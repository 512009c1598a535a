// Task images for the code window, from what a game's build produces: an
// ELF32 i386 executable (the SDK's output) or a flat binary.
#include <elf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "mkcart.h"

static const uint64_t window_end = (uint64_t)CART_CODE_BASE + CART_CODE_SIZE;

// A flat binary has no headers to say otherwise, so it is all text:
// loaded at the window's start, entered there, read-only.
static int
load_flat(const uint8_t *data, size_t size, struct mk_task *t, char *err)
{
    if (size == 0)
        return errorf(err, "empty file");
    if (size > CART_CODE_SIZE)
        return errorf(err, "flat binary of %zu bytes does not fit the %u-byte code window",
                    size, CART_CODE_SIZE);
    if (!(t->image = malloc(size)))
        return errorf(err, "out of memory");
    memcpy(t->image, data, size);
    t->file_size = t->mem_size = (uint32_t)size;
    t->vaddr = t->entry = CART_CODE_BASE;
    t->ro_size = PAGE_UP(t->file_size);
    return 0;
}

static Elf32_Phdr
phdr(const uint8_t *data, const Elf32_Ehdr *eh, int i)
{
    Elf32_Phdr ph;

    memcpy(&ph, data + eh->e_phoff + (size_t)i * sizeof ph, sizeof ph);
    return ph;
}

// A 32-bit i386 executable whose program headers lie inside the file.
static int
read_ehdr(const uint8_t *data, size_t size, Elf32_Ehdr *eh, char *err)
{
    if (size < sizeof *eh)
        return errorf(err, "ELF header cut short (%zu bytes)", size);
    memcpy(eh, data, sizeof *eh);
    if (eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_machine != EM_386)
        return errorf(err, "ELF class %d, byte order %d, machine %d: not 32-bit little-endian i386",
                    eh->e_ident[EI_CLASS], eh->e_ident[EI_DATA], eh->e_machine);
    if (eh->e_type != ET_EXEC)
        return errorf(err, "ELF type %d is not an executable (link with cartridges/sdk/cart.ld)",
                    eh->e_type);
    if (eh->e_phnum && (eh->e_phentsize != sizeof(Elf32_Phdr) ||
                        eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > size))
        return errorf(err, "program headers (%d of %d bytes at %u) do not fit the file",
                    eh->e_phnum, eh->e_phentsize, eh->e_phoff);
    return 0;
}

// Where the PT_LOAD segments put the image, as scan_segments finds it.
struct span {
    int loads;                           // PT_LOAD segments with memory
    uint64_t lo;                         // the first one's page
    uint64_t ro_end;                     // read-only text ends here, page rounded; 0: none
    uint64_t rw_start;                   // the first writable segment; 0: none
    uint64_t file_end;                   // end of the last bytes from the file
    uint64_t mem_end;                    // end of the last segment, .bss included
};

// Segment i, which has memory: its bytes in the file, its memory in the
// code window and after the segment before it.
static int
check_segment(const Elf32_Phdr *ph, int i, size_t size, uint64_t prev_end, char *err)
{
    uint64_t start = ph->p_vaddr, end = start + ph->p_memsz;

    if (ph->p_filesz > ph->p_memsz)
        return errorf(err, "segment %d: file size %u is larger than memory size %u",
                    i, ph->p_filesz, ph->p_memsz);
    if ((uint64_t)ph->p_offset + ph->p_filesz > size)
        return errorf(err, "segment %d: %u bytes at offset %u go past the end of the file",
                    i, ph->p_filesz, ph->p_offset);
    if (start < CART_CODE_BASE || end > window_end)
        return errorf(err, "segment %d: [0x%08" PRIx64 ", 0x%08" PRIx64 ") is outside the code "
                    "window [0x%08x, 0x%08" PRIx64 ") (link with cartridges/sdk/cart.ld)",
                    i, start, end, CART_CODE_BASE, window_end);
    if (start < prev_end)
        return errorf(err, "segment %d at 0x%08" PRIx64 " overlaps or comes before the one before it",
                    i, start);
    return 0;
}

// Checks the PT_LOAD segments in order, text before data, and measures
// the image they make.
static int
scan_segments(const uint8_t *data, size_t size, const Elf32_Ehdr *eh, struct span *sp, char *err)
{
    *sp = (struct span){0};
    for (int i = 0; i < eh->e_phnum; i++) {
        Elf32_Phdr ph = phdr(data, eh, i);
        uint64_t start = ph.p_vaddr, end = start + ph.p_memsz;
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (check_segment(&ph, i, size, sp->mem_end, err))
            return -1;
        if (ph.p_flags & PF_W) {
            if (!sp->rw_start)
                sp->rw_start = start;
        } else {
            if (sp->rw_start)
                return errorf(err, "segment %d is read-only but comes after writable data", i);
            sp->ro_end = PAGE_UP(end);
        }
        if (!sp->loads++)
            sp->lo = start / CART_PAGE_SIZE * CART_PAGE_SIZE;
        sp->mem_end = end;
        if (ph.p_filesz)
            sp->file_end = start + ph.p_filesz;
    }
    if (!sp->loads)
        return errorf(err, "no loadable segment");
    if (sp->rw_start && sp->rw_start < sp->ro_end)
        return errorf(err, "writable data at 0x%08" PRIx64 " shares a page with read-only text "
                    "(start data on a page boundary, as cartridges/sdk/cart.ld does)", sp->rw_start);
    if (eh->e_entry < sp->lo || eh->e_entry >= sp->file_end)
        return errorf(err, "entry point 0x%08x is outside the loaded image [0x%08" PRIx64
                    ", 0x%08" PRIx64 ")", eh->e_entry, sp->lo, sp->file_end);
    return 0;
}

// One image spanning the PT_LOAD segments: text first and read-only, then
// data on a page of its own and writable, .bss folded into mem_size.  The
// kernel maps pages, not segments, so a page cannot be both.
static int
load_elf(const uint8_t *data, size_t size, struct mk_task *t, char *err)
{
    Elf32_Ehdr eh;
    struct span sp;

    if (read_ehdr(data, size, &eh, err) || scan_segments(data, size, &eh, &sp, err))
        return -1;
    t->vaddr = (uint32_t)sp.lo;
    t->file_size = (uint32_t)(sp.file_end - sp.lo);
    t->mem_size = (uint32_t)(sp.mem_end - sp.lo);
    t->ro_size = sp.ro_end ? (uint32_t)(sp.ro_end - sp.lo) : 0;
    t->entry = eh.e_entry;
    if (!(t->image = calloc(1, t->file_size)))
        return errorf(err, "out of memory");
    for (int i = 0; i < eh.e_phnum; i++) {
        Elf32_Phdr ph = phdr(data, &eh, i);
        if (ph.p_type == PT_LOAD && ph.p_memsz && ph.p_filesz)
            memcpy(t->image + (ph.p_vaddr - sp.lo), data + ph.p_offset, ph.p_filesz);
    }
    return 0;
}

int
load_task(const uint8_t *data, size_t size, struct mk_task *t, char *err)
{
    t->image = NULL;
    t->symbols = NULL;
    t->symbol_count = 0;
    if (size >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0)
        return load_elf(data, size, t, err);
    return load_flat(data, size, t, err);
}

void
free_task(struct mk_task *t)
{
    free(t->image);
    t->image = NULL;
    for (uint32_t i = 0; i < t->symbol_count; i++)
        free(t->symbols[i].name);
    free(t->symbols);
    t->symbols = NULL;
    t->symbol_count = 0;
}

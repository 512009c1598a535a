// The symbols section: the functions of each task, taken from the symbol
// table of its ELF, so that the console can name the function a killed
// task was in.  Only names and ranges go in, no debug information.
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include "mkcart.h"

static Elf32_Shdr
shdr(const uint8_t *data, const Elf32_Ehdr *eh, uint32_t i)
{
    Elf32_Shdr sh;

    memcpy(&sh, data + eh->e_shoff + (size_t)i * sizeof sh, sizeof sh);
    return sh;
}

// Section sh lies inside the file.
static int
inside(const Elf32_Shdr *sh, size_t size)
{
    return (uint64_t)sh->sh_offset + sh->sh_size <= size;
}

static int
by_address(const void *a, const void *b)
{
    const struct mk_symbol *x = a, *y = b;

    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    return strcmp(x->name, y->name);
}

// Symbol s of the table, if it is a function of t's image worth naming:
// 1 and *out filled, 0 to skip it, -1 on a bad name.
static int
take_symbol(const Elf32_Sym *s, const char *strtab, uint32_t strtab_size,
            const struct mk_task *t, struct mk_symbol *out, char *err)
{
    uint64_t end = (uint64_t)s->st_value + s->st_size;

    if (ELF32_ST_TYPE(s->st_info) != STT_FUNC || s->st_shndx == SHN_UNDEF || s->st_size == 0 ||
        s->st_value < t->vaddr || end > (uint64_t)t->vaddr + t->mem_size)
        return 0;
    if (s->st_name >= strtab_size)
        return errorf(err, "symbol name at %u is outside the string table", s->st_name);
    const char *name = strtab + s->st_name;
    size_t len = strnlen(name, strtab_size - s->st_name);
    if (len == strtab_size - s->st_name)
        return errorf(err, "symbol name at %u has no NUL", s->st_name);
    if (len == 0)
        return 0;
    if (len > CART_SYMBOL_NAME_MAX)
        return errorf(err, "function %.20s... : name longer than %d characters",
                      name, CART_SYMBOL_NAME_MAX);
    for (size_t i = 0; i < len; i++)
        if (name[i] < 0x20 || name[i] > 0x7e)
            return errorf(err, "function name at %u is not printable ASCII", s->st_name);
    if (!(out->name = strdup(name)))
        return errorf(err, "out of memory");
    out->addr = s->st_value;
    out->size = s->st_size;
    return 1;
}

// The functions of the symbol table sh (its strings in section sh_link).
static int
read_symtab(const uint8_t *data, size_t size, const Elf32_Ehdr *eh, const Elf32_Shdr *sh,
            struct mk_task *t, char *err)
{
    if (sh->sh_link >= eh->e_shnum)
        return errorf(err, "symbol table: string table %u does not exist", sh->sh_link);
    Elf32_Shdr str = shdr(data, eh, sh->sh_link);
    if (!inside(sh, size) || !inside(&str, size) || sh->sh_entsize != sizeof(Elf32_Sym))
        return errorf(err, "symbol table or its strings do not fit the file");
    uint32_t n = sh->sh_size / sizeof(Elf32_Sym);
    if (!(t->symbols = calloc(n ? n : 1, sizeof *t->symbols)))
        return errorf(err, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        Elf32_Sym s;
        memcpy(&s, data + sh->sh_offset + (size_t)i * sizeof s, sizeof s);
        int rc = take_symbol(&s, (const char *)data + str.sh_offset, str.sh_size, t,
                             &t->symbols[t->symbol_count], err);
        if (rc < 0)
            return -1;
        t->symbol_count += (uint32_t)rc;
    }
    qsort(t->symbols, t->symbol_count, sizeof *t->symbols, by_address);
    // An alias, or a function starting inside another, would make two
    // names for one address: the first by address and name stays.
    uint32_t kept = 0;
    for (uint32_t i = 0; i < t->symbol_count; i++) {
        struct mk_symbol *prev = kept ? &t->symbols[kept - 1] : NULL;
        if (prev && t->symbols[i].addr - prev->addr < prev->size)
            free(t->symbols[i].name);
        else
            t->symbols[kept++] = t->symbols[i];
    }
    t->symbol_count = kept;
    return 0;
}

int
load_symbols(const uint8_t *data, size_t size, struct mk_task *t, char *err)
{
    Elf32_Ehdr eh;

    if (size < sizeof eh || memcmp(data, ELFMAG, SELFMAG) != 0)
        return 0;
    memcpy(&eh, data, sizeof eh);        // load_task checked the rest of it
    if (eh.e_shnum == 0)
        return 0;
    if (eh.e_shentsize != sizeof(Elf32_Shdr) ||
        eh.e_shoff + (uint64_t)eh.e_shnum * sizeof(Elf32_Shdr) > size)
        return errorf(err, "section headers (%d of %d bytes at %u) do not fit the file",
                      eh.e_shnum, eh.e_shentsize, eh.e_shoff);
    for (uint32_t i = 0; i < eh.e_shnum; i++) {
        Elf32_Shdr sh = shdr(data, &eh, i);
        if (sh.sh_type == SHT_SYMTAB)
            return read_symtab(data, size, &eh, &sh, t, err);
    }
    return 0;
}

uint32_t
symbols_size(const struct mk_cart *c)
{
    uint32_t size = sizeof(struct cart_file_symbols);

    if (!c->symbols)
        return 0;
    for (uint32_t i = 0; i < c->task_count; i++)
        for (uint32_t j = 0; j < c->task[i].symbol_count; j++)
            size += sizeof(struct cart_file_symbol) + (uint32_t)strlen(c->task[i].symbols[j].name) + 1;
    return size;
}

void
write_symbols(const struct mk_task *const *order, uint32_t count, uint8_t *section)
{
    struct cart_file_symbols head = {0};
    uint32_t names = 0, at = sizeof head;

    for (uint32_t i = 0; i < count; i++)
        head.count += order[i]->symbol_count;
    memcpy(section, &head, sizeof head);
    uint8_t *strings = section + sizeof head + head.count * sizeof(struct cart_file_symbol);
    for (uint32_t i = 0; i < count; i++)
        for (uint32_t j = 0; j < order[i]->symbol_count; j++) {
            const struct mk_symbol *s = &order[i]->symbols[j];
            struct cart_file_symbol e = { i, s->addr, s->size, names };
            size_t len = strlen(s->name) + 1;
            memcpy(section + at, &e, sizeof e);
            memcpy(strings + names, s->name, len);
            at += sizeof e;
            names += (uint32_t)len;
        }
}

// The cartridges: every \CARTS\*.cart (the extension in any case), taken in
// name order (ASCII, ignoring case), at most BOOT_MAX_CARTS of them.  Each is
// copied whole into its own page-aligned allocation, which the kernel keeps.
// The loader does not look inside: the kernel checks each cartridge and
// says why it rejects one.  A file the loader cannot hand over at all (too
// big, unreadable, a name bootinfo cannot carry) is reported and skipped.

#include "loader.h"
#include "cart.h"

#define CARTS_DIR       L"\\CARTS"
#define CART_EXT        ".cart"
#define CART_EXT_LEN    5

struct name_list {
    char (*name)[BOOT_NAME_MAX];
    UINTN count, capacity;
};

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int name_compare(const char *a, const char *b)
{
    while (*a && lower(*a) == lower(*b)) {
        a++;
        b++;
    }
    return lower(*a) - lower(*b);
}

static int has_cart_ext(const CHAR16 *name)
{
    UINTN len = StrLen(name);

    if (len <= CART_EXT_LEN)
        return 0;
    name += len - CART_EXT_LEN;
    for (int i = 0; i < CART_EXT_LEN; i++)
        if (name[i] > 0x7F || lower(name[i]) != CART_EXT[i])
            return 0;
    return 1;
}

// Copies a directory entry's name into ASCII; says why it cannot, or NULL.
static const char *ascii_name(const CHAR16 *name, char *out)
{
    UINTN i;

    for (i = 0; name[i]; i++) {
        if (i == BOOT_NAME_MAX - 1)
            return "the name is too long for bootinfo (BOOT_NAME_MAX)";
        if (name[i] < 0x20 || name[i] > 0x7E)
            return "the name is not printable ASCII";
        out[i] = name[i];
    }
    while (i < BOOT_NAME_MAX)
        out[i++] = '\0';
    return NULL;
}

// Inserts a name in order.  The list lives in pool memory and doubles when full.
static EFI_STATUS list_insert(struct name_list *l, const char *name)
{
    UINTN i;

    if (l->count == l->capacity) {
        UINTN capacity = l->capacity ? 2 * l->capacity : BOOT_MAX_CARTS;
        void *grown;
        EFI_STATUS status = BS->AllocatePool(EfiLoaderData, capacity * BOOT_NAME_MAX, &grown);
        if (EFI_ERROR(status))
            return status;
        if (l->count > 0) {
            CopyMem(grown, l->name, l->count * BOOT_NAME_MAX);
            BS->FreePool(l->name);
        }
        l->name = grown;
        l->capacity = capacity;
    }
    for (i = l->count; i > 0 && name_compare(l->name[i - 1], name) > 0; i--)
        CopyMem(l->name[i], l->name[i - 1], BOOT_NAME_MAX);
    CopyMem(l->name[i], name, BOOT_NAME_MAX);
    l->count++;
    return EFI_SUCCESS;
}

// Collects the cartridge names in \CARTS, in order.
static void list_carts(EFI_FILE_HANDLE dir, struct name_list *l)
{
    union file_info fi;
    char name[BOOT_NAME_MAX];
    const char *problem;

    for (;;) {
        UINTN bytes = sizeof(fi);
        EFI_STATUS status = dir->Read(dir, &bytes, &fi);
        if (EFI_ERROR(status)) {
            Print(L"efi: cannot list %s: %r\n", CARTS_DIR, status);
            return;
        }
        if (bytes == 0)
            return;
        if (!has_cart_ext(fi.info.FileName))
            continue;
        if (fi.info.Attribute & EFI_FILE_DIRECTORY)
            problem = "it is a directory";
        else
            problem = ascii_name(fi.info.FileName, name);
        if (problem) {
            Print(L"efi: cart %s skipped: %a\n", fi.info.FileName, problem);
            continue;
        }
        if (EFI_ERROR(list_insert(l, name))) {
            Print(L"efi: out of memory listing %s\n", CARTS_DIR);
            return;
        }
    }
}

// Loads one cartridge into *c, or says on the console why it cannot.
static int load_cart(EFI_FILE_HANDLE dir, const char *name, struct boot_cart *c)
{
    union file_info fi;
    CHAR16 wide[BOOT_NAME_MAX];
    EFI_FILE_HANDLE file;
    EFI_STATUS status;
    uint64_t addr;
    UINTN pages;

    for (int i = 0; i < BOOT_NAME_MAX; i++)
        wide[i] = name[i];
    status = file_open(dir, wide, &file, &fi);
    if (EFI_ERROR(status)) {
        Print(L"efi: cart %a skipped: cannot open it: %r\n", name, status);
        return 0;
    }
    if (fi.info.FileSize > CART_MAX_FILE_SIZE) {
        Print(L"efi: cart %a skipped: %lu bytes, more than the %u a cartridge may have\n",
              name, fi.info.FileSize, CART_MAX_FILE_SIZE);
        file->Close(file);
        return 0;
    }
    // An empty file still gets a page, so that its base is a real address.
    // The tail of the last page is zeroed: the kernel may copy whole pages.
    pages = fi.info.FileSize ? PAGES(fi.info.FileSize) : 1;
    status = alloc_pages(GENESIS_MEMTYPE, pages, &addr);
    if (!EFI_ERROR(status)) {
        ZeroMem((uint8_t *)(UINTN)addr + fi.info.FileSize, pages * PAGE_SIZE - fi.info.FileSize);
        status = file_read(file, (void *)(UINTN)addr, fi.info.FileSize);
        if (EFI_ERROR(status))
            free_pages(addr);
    }
    file->Close(file);
    if (EFI_ERROR(status)) {
        Print(L"efi: cart %a skipped: cannot load it: %r\n", name, status);
        return 0;
    }
    c->base = addr;
    c->size = fi.info.FileSize;
    CopyMem(c->name, name, BOOT_NAME_MAX);
    Print(L"efi: cart %a: %lu bytes at 0x%lx\n", c->name, c->size, c->base);
    return 1;
}

void carts_load(EFI_FILE_HANDLE root, struct bootinfo *bi)
{
    struct name_list list = { NULL, 0, 0 };
    EFI_FILE_HANDLE dir;

    bi->cart_count = 0;
    if (EFI_ERROR(dir_open(root, CARTS_DIR, &dir))) {
        Print(L"efi: no %s directory: no cartridges\n", CARTS_DIR);
        return;
    }
    list_carts(dir, &list);
    for (UINTN i = 0; i < list.count; i++) {
        if (bi->cart_count == BOOT_MAX_CARTS)
            Print(L"efi: cart %a skipped: bootinfo holds only %d cartridges\n",
                  list.name[i], BOOT_MAX_CARTS);
        else if (load_cart(dir, list.name[i], &bi->cart[bi->cart_count]))
            bi->cart_count++;
    }
    if (list.name)
        BS->FreePool(list.name);
    dir->Close(dir);
}

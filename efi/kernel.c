// The kernel: \GENESIS\KERNEL.ELF, a 32-bit i386 ELF executable linked to
// run at fixed physical addresses (its segments' p_paddr, 0x00100000 up).
// The loader copies each PT_LOAD segment there and zeroes the rest of the
// segment (the bss).  The loader runs with paging on, but UEFI maps memory
// one to one, so a physical address is also a pointer.

#include "loader.h"
#include "elf.h"

#define KERNEL_PATH     L"\\GENESIS\\KERNEL.ELF"

// Why this file is not a kernel the loader can start, or NULL when it is one.
// The header and program headers are copied out because nothing promises
// they are aligned inside the file.  e_entry is a virtual address; the
// kernel starts with paging off, so the entry becomes the physical address
// of the same byte (the two are equal for a kernel linked where it runs).
static const char *elf_check(const uint8_t *file, UINT64 size, struct kernel_image *k)
{
    struct elf32_header eh;
    struct elf32_phdr ph;
    uint64_t lo = FOUR_GIB, hi = 0;
    int entry_found = 0;

    if (size < sizeof(eh))
        return "too short for an ELF file";
    CopyMem(&eh, file, sizeof(eh));
    if (eh.magic != ELF_MAGIC)
        return "not an ELF file";
    if (eh.class != ELFCLASS32 || eh.data != ELFDATA2LSB || eh.machine != EM_386)
        return "not a 32-bit little-endian i386 ELF file";
    if (eh.type != ET_EXEC)
        return "not an ELF executable";
    if (eh.phentsize != sizeof(ph) || eh.phnum == 0 ||
        eh.phoff + (uint64_t)eh.phnum * sizeof(ph) > size)
        return "bad program header table";

    for (int i = 0; i < eh.phnum; i++) {
        CopyMem(&ph, file + eh.phoff + i * sizeof(ph), sizeof(ph));
        if (ph.type != PT_LOAD || ph.memsz == 0)
            continue;
        if (ph.filesz > ph.memsz || (uint64_t)ph.offset + ph.filesz > size)
            return "a segment lies outside the file";
        if ((uint64_t)ph.paddr + ph.memsz > FOUR_GIB)
            return "a segment ends above 4 GiB";
        if (ph.paddr < lo)
            lo = ph.paddr;
        if (ph.paddr + (uint64_t)ph.memsz > hi)
            hi = ph.paddr + (uint64_t)ph.memsz;
        if (eh.entry >= ph.vaddr && eh.entry - ph.vaddr < ph.memsz) {
            k->entry = ph.paddr + (eh.entry - ph.vaddr);
            entry_found = 1;
        }
    }
    if (hi == 0)
        return "no loadable segment";
    if (!entry_found)
        return "the entry point is outside the segments";

    k->base = PAGE_DOWN(lo);
    k->end = PAGE_UP(hi);
    return NULL;
}

// The kernel's addresses are fixed, but nothing obliges the firmware to keep
// them free.  If it has them free, take them now.  If it is only using them
// for boot services (its own code, data and page tables, all dead once
// ExitBootServices returns), load the image somewhere else and let the
// trampoline move it there after paging is off.  Anything else cannot work.
static EFI_STATUS kernel_place(struct kernel_image *k)
{
    UINTN pages = (k->end - k->base) / PAGE_SIZE;
    struct memmap m;
    EFI_STATUS status;
    int reclaimable;

    k->staged = 0;
    if (!EFI_ERROR(alloc_pages_at(GENESIS_MEMTYPE, pages, k->base)))
        return EFI_SUCCESS;

    status = memmap_alloc(&m);
    if (EFI_ERROR(status))
        return status;
    status = memmap_read(&m);
    reclaimable = !EFI_ERROR(status) && memmap_reclaimable(&m, k->base, k->end);
    memmap_free(&m);
    if (!reclaimable) {
        Print(L"efi: the kernel's range 0x%lx-0x%lx is not RAM the firmware can give up\n",
              k->base, k->end);
        return EFI_OUT_OF_RESOURCES;
    }
    status = alloc_pages(GENESIS_MEMTYPE, pages, &k->staged);
    if (EFI_ERROR(status)) {
        Print(L"efi: no room below 4 GiB to stage the kernel (%lu pages): %r\n",
              (UINT64)pages, status);
        return status;
    }
    Print(L"efi: firmware data at 0x%lx-0x%lx; kernel staged at 0x%lx until the hand-off\n",
          k->base, k->end, k->staged);
    return EFI_SUCCESS;
}

// Copies the PT_LOAD segments of a checked file into the image at dst,
// which stands for physical address base and is already zeroed.
static void copy_segments(const uint8_t *file, uint8_t *dst, uint64_t base)
{
    struct elf32_header eh;
    struct elf32_phdr ph;

    CopyMem(&eh, file, sizeof(eh));
    for (int i = 0; i < eh.phnum; i++) {
        CopyMem(&ph, file + eh.phoff + i * sizeof(ph), sizeof(ph));
        if (ph.type == PT_LOAD && ph.memsz > 0)
            CopyMem(dst + (ph.paddr - base), file + ph.offset, ph.filesz);
    }
}

EFI_STATUS kernel_load(EFI_FILE_HANDLE root, struct kernel_image *k)
{
    const char *problem;
    uint8_t *file, *dst;
    UINT64 size;
    EFI_STATUS status;

    status = file_load(root, KERNEL_PATH, (void **)&file, &size);
    if (EFI_ERROR(status)) {
        Print(L"efi: cannot read the kernel %s: %r\n", KERNEL_PATH, status);
        return status;
    }
    status = kernel_verify(KERNEL_PATH, file, size);
    if (EFI_ERROR(status)) {
        BS->FreePool(file);
        return status;
    }
    problem = elf_check(file, size, k);
    if (problem) {
        Print(L"efi: %s is not a kernel this loader can start: %a\n", KERNEL_PATH, problem);
        BS->FreePool(file);
        return EFI_LOAD_ERROR;
    }
    status = kernel_place(k);
    if (!EFI_ERROR(status)) {
        dst = (uint8_t *)(UINTN)(k->staged ? k->staged : k->base);
        ZeroMem(dst, k->end - k->base);
        copy_segments(file, dst, k->base);
        Print(L"efi: kernel 0x%08lx-0x%08lx entry=0x%08x\n", k->base, k->end, k->entry);
    }
    BS->FreePool(file);
    return status;
}

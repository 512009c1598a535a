// The loader's sequence, from the firmware's call to the jump into the kernel.
// docs/boot.md tells the same story in prose.

#include "loader.h"

#define CONFIG_PATH     L"\\GENESIS\\BOOT.CFG"

// Without this the firmware resets the machine five minutes after starting
// a boot option; the kernel never comes back to stop it.
static void watchdog_off(void)
{
    BS->SetWatchdogTimer(0, 0, 0, NULL);
}

// A boot that cannot go on: the message is already on the screen (and on
// serial, where the firmware mirrors its console).  Wait for the user to
// read it, then hand the machine back so the firmware can try another boot
// option.
static EFI_STATUS give_up(EFI_STATUS status)
{
    EFI_INPUT_KEY key;
    UINTN index;

    Print(L"efi: boot failed; press a key to return to the firmware\n");
    ST->ConIn->Reset(ST->ConIn, FALSE);
    BS->WaitForEvent(1, &ST->ConIn->WaitForKey, &index);
    ST->ConIn->ReadKeyStroke(ST->ConIn, &key);
    free_all_pages();
    return status;
}

// After ExitBootServices there is no firmware to return to.
static void __attribute__((noreturn)) halt(const char *why)
{
    serial_puts("efi: ");
    serial_puts(why);
    serial_puts("; halted\n");
    for (;;)
        __asm__ volatile("cli; hlt");
}

// BOOT.CFG is the kernel's to parse; the loader hands over its text.
static void config_load(EFI_FILE_HANDLE root, struct bootinfo *bi)
{
    union file_info fi;
    EFI_FILE_HANDLE file;
    EFI_STATUS status;
    UINT64 bytes;

    status = file_open(root, CONFIG_PATH, &file, &fi);
    if (status == EFI_NOT_FOUND) {
        Print(L"efi: no %s; the kernel keeps its defaults\n", CONFIG_PATH);
        return;
    }
    if (EFI_ERROR(status)) {
        Print(L"efi: cannot open %s: %r; the kernel keeps its defaults\n", CONFIG_PATH, status);
        return;
    }
    bytes = fi.info.FileSize < BOOT_CONFIG_MAX - 1 ? fi.info.FileSize : BOOT_CONFIG_MAX - 1;
    status = file_read(file, bi->config_text, bytes);
    file->Close(file);
    if (EFI_ERROR(status)) {
        ZeroMem(bi->config_text, sizeof(bi->config_text));
        Print(L"efi: cannot read %s: %r; the kernel keeps its defaults\n", CONFIG_PATH, status);
        return;
    }
    if (fi.info.FileSize > bytes)
        Print(L"efi: warning: %s has %lu bytes; only the first %lu are passed on\n",
              CONFIG_PATH, fi.info.FileSize, bytes);
    bi->config_text[bytes] = '\0';
    while (bi->config_length < bytes && bi->config_text[bi->config_length] != '\0')
        bi->config_length++;
    if (bi->config_length < bytes)
        Print(L"efi: warning: %s has a NUL byte at offset %u; the text ends there\n",
              CONFIG_PATH, bi->config_length);
    Print(L"efi: config %s: %u bytes\n", CONFIG_PATH, bi->config_length);
}

// The ACPI root pointer, from the firmware's configuration table: the
// ACPI 2.0+ one (it also leads to the 64-bit XSDT) when there is one.
static uint64_t acpi_rsdp(void)
{
    EFI_GUID acpi20 = ACPI_20_TABLE_GUID;
    uint64_t rsdp = 0;

    for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
        EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];
        if (CompareGuid(&t->VendorGuid, &acpi20) == 0)
            return (UINTN)t->VendorTable;
        if (CompareGuid(&t->VendorGuid, &AcpiTableGuid) == 0)
            rsdp = (UINTN)t->VendorTable;
    }
    return rsdp;
}

// Copies the trampoline to a page of its own.  It must be below 4 GiB,
// where the firmware's identity mapping lets paging be turned off under
// running code; LoaderCode, because the firmware may forbid executing pages
// of data types.  The stack the trampoline needs sits at the top of the page.
static EFI_STATUS trampoline_prepare(struct kernel_image *k, struct bootinfo *bi,
                                     trampoline_fn *enter)
{
    struct handoff *h;
    uint64_t page;
    EFI_STATUS status;

    status = alloc_pages(EfiLoaderCode, 1, &page);
    if (EFI_ERROR(status)) {
        Print(L"efi: cannot allocate the trampoline page: %r\n", status);
        return status;
    }
    CopyMem((void *)(UINTN)page, trampoline_start, trampoline_end - trampoline_start);
    h = (struct handoff *)(UINTN)page;
    h->entry = k->entry;
    h->magic = BOOT_MAGIC;
    h->bootinfo = (uint32_t)(UINTN)bi;
    h->copy_from = k->staged;
    h->copy_to = k->base;
    h->copy_bytes = k->staged ? k->end - k->base : 0;
    *enter = (trampoline_fn)(UINTN)(page + (trampoline_enter - trampoline_start));
    return EFI_SUCCESS;
}

// A staged kernel is copied over [base, end) once the firmware is gone, so
// that range may hold only free or boot-services memory, and none of the
// loader's allocations.
static int kernel_range_free(struct memmap *m, struct kernel_image *k)
{
    return !k->staged || (memmap_reclaimable(m, k->base, k->end) &&
                          !overlaps_allocation(k->base, k->end));
}

static struct bootinfo *bootinfo_alloc(struct kernel_image *k)
{
    struct bootinfo *bi;
    uint64_t addr;
    EFI_STATUS status;

    status = alloc_pages(GENESIS_MEMTYPE, PAGES(sizeof(*bi)), &addr);
    if (EFI_ERROR(status)) {
        Print(L"efi: cannot allocate the boot information block: %r\n", status);
        return NULL;
    }
    bi = (struct bootinfo *)(UINTN)addr;
    ZeroMem(bi, sizeof(*bi));
    bi->magic = BOOT_MAGIC;
    bi->version = BOOT_VERSION;
    bi->size = sizeof(*bi);
    bi->kernel_base = k->base;
    bi->kernel_end = k->end;
    return bi;
}

// Debian's gnu-efi crt0 calls this with the System V convention, so it is
// not EFIAPI; calls into the firmware are (GNU_EFI_USE_MS_ABI).
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
    struct kernel_image kernel;
    struct bootinfo *bi;
    struct memmap map;
    EFI_FILE_HANDLE root;
    trampoline_fn enter;
    uint64_t video_buffer;
    EFI_STATUS status;

    InitializeLib(image, systab);
    watchdog_off();
    Print(L"efi: Orga Genesis loader\n");

    status = esp_open_root(image, &root);
    if (EFI_ERROR(status)) {
        Print(L"efi: cannot open the volume this loader came from: %r\n", status);
        return give_up(status);
    }
    // The kernel first: its fixed range is most likely free before the
    // loader's other allocations land somewhere in it.
    status = kernel_load(root, &kernel);
    if (EFI_ERROR(status)) {
        root->Close(root);
        return give_up(status);
    }
    bi = bootinfo_alloc(&kernel);
    if (!bi) {
        root->Close(root);
        return give_up(EFI_OUT_OF_RESOURCES);
    }
    config_load(root, bi);
    carts_load(root, bi);
    root->Close(root);

    status = video_buffer_reserve(&video_buffer);
    if (EFI_ERROR(status))
        return give_up(status);
    bi->video_buffer = video_buffer;
    bi->acpi_rsdp = acpi_rsdp();
    Print(L"efi: ACPI RSDP at 0x%lx\n", bi->acpi_rsdp);
    // Late, because a new mode clears the screen the messages above are on.
    video_choose_mode(&bi->fb);

    status = trampoline_prepare(&kernel, bi, &enter);
    if (EFI_ERROR(status))
        return give_up(status);
    status = memmap_alloc(&map);
    if (!EFI_ERROR(status))
        status = memmap_read(&map);
    if (EFI_ERROR(status)) {
        Print(L"efi: cannot read the memory map: %r\n", status);
        return give_up(status);
    }
    // Checked now, while the loader can still say so and step back, and
    // again on the final map, in case a firmware event moved things since.
    if (!kernel_range_free(&map, &kernel)) {
        Print(L"efi: the loader's own allocations took part of the kernel's range "
              L"0x%lx-0x%lx\n", kernel.base, kernel.end);
        memmap_free(&map);
        return give_up(EFI_OUT_OF_RESOURCES);
    }

    status = memmap_exit_boot_services(image, &map);
    // The firmware's boot services are gone, its console, timer and interrupt
    // handlers among them.
    __asm__ volatile("cli");
    serial_init();
    if (EFI_ERROR(status))
        halt("ExitBootServices failed");
    memmap_usable_ranges(&map, bi);
    if (!kernel_range_free(&map, &kernel))
        halt("the kernel's range is no longer free in the final memory map");

    serial_puts("efi: jumping to kernel entry=");
    serial_hex(kernel.entry);
    serial_puts(" bootinfo=");
    serial_hex((UINTN)bi);
    serial_puts("\n");
    enter();
}

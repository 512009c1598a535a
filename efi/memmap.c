// The UEFI memory map: a list of descriptors, each a run of pages with a
// type (free, firmware code, loader data, ACPI tables, MMIO ...).  The map
// comes with a key that changes whenever the firmware's allocations change;
// ExitBootServices only succeeds with the key of the current map, which is
// how the firmware knows the loader has seen the final state of memory.

#include "loader.h"

#define MAP_SLACK_DESCS     16  // room for descriptors that later allocations add
#define EBS_ATTEMPTS        8   // each retry follows a map change by a firmware event

#define DESC(m, i)  ((EFI_MEMORY_DESCRIPTOR *)((uint8_t *)(m)->desc + (i) * (m)->desc_size))
#define DESC_COUNT(m)   ((m)->bytes / (m)->desc_size)
#define DESC_END(d)     ((d)->PhysicalStart + (d)->NumberOfPages * PAGE_SIZE)

// Memory that is free, or that only boot services use: once ExitBootServices
// returns it is all free.  The kernel may overwrite it.
static int reclaimable(UINT32 type)
{
    return type == EfiConventionalMemory || type == EfiBootServicesCode ||
           type == EfiBootServicesData;
}

// What the kernel may use: the above plus the loader's own code and data
// (this program, its pool, the trampoline), dead once the kernel runs.
static int usable(UINT32 type)
{
    return reclaimable(type) || type == EfiLoaderCode || type == EfiLoaderData;
}

// Allocates a buffer for the map as it is now plus slack, because the
// allocation itself, and any made before the map is read, add descriptors.
EFI_STATUS memmap_alloc(struct memmap *m)
{
    UINTN bytes = 0;
    EFI_STATUS status;

    status = BS->GetMemoryMap(&bytes, NULL, &m->key, &m->desc_size, &m->version);
    if (EFI_ERROR(status) && status != EFI_BUFFER_TOO_SMALL)
        return status;
    m->capacity = bytes + MAP_SLACK_DESCS * m->desc_size;
    m->bytes = 0;
    return BS->AllocatePool(EfiLoaderData, m->capacity, (void **)&m->desc);
}

EFI_STATUS memmap_read(struct memmap *m)
{
    m->bytes = m->capacity;
    return BS->GetMemoryMap(&m->bytes, m->desc, &m->key, &m->desc_size, &m->version);
}

void memmap_free(struct memmap *m)
{
    BS->FreePool(m->desc);
}

// Is every byte of [base, end) in the map, and reclaimable?
int memmap_reclaimable(struct memmap *m, uint64_t base, uint64_t end)
{
    uint64_t covered = 0;

    for (UINTN i = 0; i < DESC_COUNT(m); i++) {
        EFI_MEMORY_DESCRIPTOR *d = DESC(m, i);
        uint64_t lo = d->PhysicalStart > base ? d->PhysicalStart : base;
        uint64_t hi = DESC_END(d) < end ? DESC_END(d) : end;
        if (lo >= hi)
            continue;
        if (!reclaimable(d->Type))
            return 0;
        covered += hi - lo;
    }
    return covered == end - base;
}

// A failed attempt may already have shut part of the firmware down, and the
// UEFI specification then allows only the memory services: the retries read
// the map into the buffer allocated beforehand and print nothing.
EFI_STATUS memmap_exit_boot_services(EFI_HANDLE image, struct memmap *m)
{
    EFI_STATUS status = EFI_INVALID_PARAMETER;

    for (int attempt = 0; attempt < EBS_ATTEMPTS && status == EFI_INVALID_PARAMETER; attempt++) {
        status = memmap_read(m);
        if (!EFI_ERROR(status))
            status = BS->ExitBootServices(image, m->key);
    }
    return status;
}

// The usable descriptor with the lowest address at or above `from`.
// Firmware need not sort its map, and merging neighbours needs address order.
static EFI_MEMORY_DESCRIPTOR *next_usable(struct memmap *m, uint64_t from)
{
    EFI_MEMORY_DESCRIPTOR *best = NULL;

    for (UINTN i = 0; i < DESC_COUNT(m); i++) {
        EFI_MEMORY_DESCRIPTOR *d = DESC(m, i);
        if (usable(d->Type) && d->NumberOfPages > 0 && d->PhysicalStart >= from &&
            (!best || d->PhysicalStart < best->PhysicalStart))
            best = d;
    }
    return best;
}

// Appends a range, merging it with the previous one when they touch and share
// a type.  When the table is full the smallest range gives way, so what the
// kernel loses is as little memory as possible.
static void add_range(struct bootinfo *bi, uint64_t base, uint64_t end, UINT32 type,
                      uint64_t *lost_ranges, uint64_t *lost_bytes)
{
    struct boot_memrange *r = bi->memrange;
    uint32_t n = bi->memrange_count;
    uint32_t smallest = 0;

    if (n > 0 && r[n - 1].uefi_type == type && r[n - 1].base + r[n - 1].length == base) {
        r[n - 1].length += end - base;
        return;
    }
    if (n == BOOT_MAX_MEMRANGES) {
        for (uint32_t i = 1; i < n; i++)
            if (r[i].length < r[smallest].length)
                smallest = i;
        ++*lost_ranges;
        if (end - base <= r[smallest].length) {
            *lost_bytes += end - base;
            return;
        }
        *lost_bytes += r[smallest].length;
        for (uint32_t i = smallest; i + 1 < n; i++)
            r[i] = r[i + 1];
        n--;
    }
    r[n].base = base;
    r[n].length = end - base;
    r[n].uefi_type = type;
    r[n].reserved = 0;
    bi->memrange_count = n + 1;
}

// Runs after ExitBootServices on the final map; reports on COM1.
void memmap_usable_ranges(struct memmap *m, struct bootinfo *bi)
{
    EFI_MEMORY_DESCRIPTOR *d;
    uint64_t from = 0, below = 0, above = 0, lost_ranges = 0, lost_bytes = 0;

    bi->memrange_count = 0;
    while ((d = next_usable(m, from)) != NULL) {
        from = DESC_END(d);
        add_range(bi, d->PhysicalStart, from, d->Type, &lost_ranges, &lost_bytes);
    }
    for (uint32_t i = 0; i < bi->memrange_count; i++) {
        struct boot_memrange *r = &bi->memrange[i];
        uint64_t end = r->base + r->length;
        below += end <= FOUR_GIB ? r->length : r->base < FOUR_GIB ? FOUR_GIB - r->base : 0;
        above += end <= FOUR_GIB ? 0 : r->base < FOUR_GIB ? end - FOUR_GIB : r->length;
    }

    serial_puts("efi: usable memory below 4 GiB: ");
    serial_dec(bi->memrange_count);
    serial_puts(" ranges, ");
    serial_dec(below / 1024);
    serial_puts(" KiB; above 4 GiB: ");
    serial_dec(above / 1024);
    serial_puts(" KiB\n");
    if (lost_ranges > 0) {
        serial_puts("efi: too many usable ranges for bootinfo; dropped the ");
        serial_dec(lost_ranges);
        serial_puts(" smallest (");
        serial_dec(lost_bytes / 1024);
        serial_puts(" KiB)\n");
    }
}

// Checked reads of user memory (uaccess.h).
#include <stdint.h>

#include "lib/kstring.h"
#include "mm/mmu.h"
#include "mm/uaccess.h"

int uaccess_range_ok(uint32_t va, uint32_t len)
{
    return len > 0 && va >= USER_BASE && va < USER_END && len <= USER_END - va;
}

// The kernel address of user address va through a kmap slot, if its page is
// present and user-readable in pd; else 0.  kunmap it when done.
static const uint8_t *map_user(const pde_t *pd, uint32_t va)
{
    uint32_t pte = mmu_lookup(pd, va);

    if (!(pte & PTE_U))
        return 0;
    return (const uint8_t *)kmap(PTE_ADDR(pte)) + (va & (PGSIZE - 1));
}

// Bytes from va to the end of its page, at most n.
static uint32_t in_page(uint32_t va, uint32_t n)
{
    uint32_t left = PGSIZE - (va & (PGSIZE - 1));

    return n < left ? n : left;
}

int uaccess_read(const pde_t *pd, void *dst, uint32_t va, uint32_t len)
{
    uint8_t *out = dst;

    if (!uaccess_range_ok(va, len))
        return -1;
    while (len) {
        uint32_t n = in_page(va, len);
        const uint8_t *src = map_user(pd, va);
        if (!src)
            return -1;
        memcpy(out, src, n);
        kunmap((void *)src);
        out += n;
        va += n;
        len -= n;
    }
    return 0;
}

int uaccess_string(const pde_t *pd, char *dst, uint32_t va, uint32_t max)
{
    uint32_t done = 0;

    while (done < max) {
        if (!uaccess_range_ok(va + done, 1))
            return -1;
        uint32_t n = in_page(va + done, max - done);
        const uint8_t *src = map_user(pd, va + done);
        if (!src)
            return -1;
        for (uint32_t i = 0; i < n; i++) {
            dst[done + i] = (char)src[i];
            if (!src[i]) {
                kunmap((void *)src);
                return (int)(done + i);
            }
        }
        kunmap((void *)src);
        done += n;
    }
    return -1;
}

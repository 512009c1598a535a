// User memory as the kernel reaches it: never through a task's pointer
// directly, always through these helpers.  They check that the range is user
// space without wrapping, then walk the given page directory and read each
// page through a kmap slot only if the task itself may read it.  So a bad
// pointer gives -1, never a kernel fault, and any task's directory works,
// running or not.
#ifndef GENESIS_UACCESS_H
#define GENESIS_UACCESS_H

#include <stdint.h>

#include "mm/mmu.h"

// Whether [va, va + len) lies inside user space (USER_BASE to USER_END),
// len > 0, without wrapping around.
int uaccess_range_ok(uint32_t va, uint32_t len);

// Copies len bytes at user address va in pd to dst.  0, or -1 (dst then
// undefined) unless every byte is in a page present and user-readable in pd.
int uaccess_read(const pde_t *pd, void *dst, uint32_t va, uint32_t len);

// Copies the NUL-terminated string at user address va in pd to dst, at most
// max bytes with the NUL.  Its length, or -1 when a byte before the NUL is
// not user-readable or there is no NUL within max bytes.
int uaccess_string(const pde_t *pd, char *dst, uint32_t va, uint32_t max);

#endif

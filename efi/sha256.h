// SHA-256 (FIPS 180-4), for the loader's check of the kernel it starts.
// Pure: no firmware calls, so the host unit test builds it as it is.
#ifndef GENESIS_EFI_SHA256_H
#define GENESIS_EFI_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_BYTES        32          // digest length

void sha256(const void *data, size_t bytes, uint8_t digest[SHA256_BYTES]);

#endif

# Unit test of the loader's SHA-256 (efi/sha256.c), against known digests.
test_sha256_SRCS := efi/sha256.c
$(BUILD)/tests/unit/test_sha256: UNIT_CFLAGS += -iquote efi
$(BUILD)/tests/unit/test_sha256: efi/sha256.h

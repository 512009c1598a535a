# Unit tests of the kernel's pure parts: the BOOT.CFG parser, the physical
# page allocator, the page-table arithmetic.
test_config_SRCS := kernel/config.c
test_palloc_SRCS := kernel/palloc.c
test_mmu_SRCS    :=

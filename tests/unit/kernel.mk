# Unit tests of the kernel's pure parts: the BOOT.CFG parser, the physical
# page allocator, the page-table arithmetic, the checked user-memory reads.
test_config_SRCS  := kernel/config.c
test_palloc_SRCS  := kernel/palloc.c tests/unit/fake_panic.c
test_mmu_SRCS     :=
test_uaccess_SRCS := kernel/uaccess.c

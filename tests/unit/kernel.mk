# Unit tests of the kernel's pure parts: the BOOT.CFG parser, the physical
# page allocator, the page-table arithmetic and walk, the checked user-memory
# reads, the UTF-8 decoder that task text and the screen go through, the
# log's ring, the fault classification, the timeline's ring.
test_config_SRCS  := kernel/lib/config.c
test_palloc_SRCS  := kernel/mm/palloc.c tests/unit/fake_panic.c
test_mmu_SRCS     := kernel/mm/pgwalk.c
test_uaccess_SRCS := kernel/mm/uaccess.c
test_utf8_SRCS    := kernel/lib/utf8.c
# test_log compiles kernel/lib/log.c into itself, to start each test from a
# fresh log.
$(BUILD)/tests/unit/test_log: kernel/lib/log.c
# test_timeline compiles kernel/lib/timeline.c into itself, to start each
# test from a fresh ring.
$(BUILD)/tests/unit/test_timeline: kernel/lib/timeline.c

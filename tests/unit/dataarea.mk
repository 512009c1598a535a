# Unit tests of seed 000's data areas (kernel/dataarea.c).
test_dataarea_SRCS := kernel/dataarea.c kernel/uaccess.c kernel/palloc.c tests/unit/fake_panic.c

# Unit tests of seed 000's data areas (kernel/task/dataarea.c).
test_dataarea_SRCS := kernel/task/dataarea.c kernel/mm/uaccess.c kernel/mm/palloc.c tests/unit/fake_panic.c

# Host unit tests: every tests/unit/test_NAME.c becomes build/tests/unit/test_NAME,
# linked with cmocka and with the sources a fragment lists in test_NAME_SRCS
# (and libraries in test_NAME_LIBS).  Fragments: tests/unit/*.mk.
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_TESTS += $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))
UNIT_CFLAGS := $(HOSTCFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer -Ikernel -Imkcart

include $(wildcard tests/unit/*.mk)

.SECONDEXPANSION:
$(BUILD)/tests/unit/%: tests/unit/%.c $$($$*_SRCS) $$(wildcard kernel/*.h mkcart/*.h tests/unit/*.h)
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< $($*_SRCS) -lcmocka $($*_LIBS)

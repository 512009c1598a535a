# Host unit tests: every tests/unit/test_NAME.c becomes build/tests/unit/test_NAME,
# linked with cmocka and with the sources a fragment lists in test_NAME_SRCS
# (and libraries in test_NAME_LIBS).  Fragments: tests/unit/*.mk.
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_TESTS += $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRCS))
UNIT_CFLAGS := $(HOSTCFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer -Ikernel -Ikernel/abi -Imkcart

include $(wildcard tests/unit/*.mk)
# Other test fragments (e.g. tests/screenshots.mk).
include $(filter-out tests/tests.mk,$(wildcard tests/*.mk))

.SECONDEXPANSION:
$(BUILD)/tests/unit/%: tests/unit/%.c $$($$*_SRCS) $$(wildcard kernel/*/*.h kernel/*/*/*.h mkcart/*.h tests/unit/*.h)
	@mkdir -p $(@D)
	$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< $($*_SRCS) -lcmocka $($*_LIBS)

# The bare GNU-EFI application that `make bench` times the boot against.
BENCHES += $(BUILD)/bench/BARE.EFI
$(OBJ)/bench/bare_efi.o: tests/bench/bare_efi.c
	@mkdir -p $(@D)
	$(EFI_CC) $(EFI_CFLAGS) -c $< -o $@
$(OBJ)/bench/bare_efi.so: $(OBJ)/bench/bare_efi.o
	$(EFI_LINK)
$(BUILD)/bench/BARE.EFI: $(OBJ)/bench/bare_efi.so
	@mkdir -p $(@D)
	$(EFI_TO_PE)

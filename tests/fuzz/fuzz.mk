# libFuzzer targets on the parsers of outside input: fuzz_cart (cartridges,
# kernel/cart.c) and fuzz_hid (USB HID report descriptors and reports,
# kernel/dev/usb/hid.c).  `make test` runs each briefly (tests/test_cart.py,
# tests/test_hid.py); `make fuzz FUZZ_TARGET=cart|hid` runs one for FUZZ_TIME
# seconds, keeping what it learns in its corpus from one run to the next.
FUZZ_DIR    := $(BUILD)/tests/fuzz
FUZZ_TARGET ?= cart
FUZZ_TIME   ?= 600
FUZZER       = $(FUZZ_DIR)/fuzz_$(FUZZ_TARGET)
FUZZ_CC     := clang -std=c11 -g -O1 -Wall -Wextra -Werror -Ikernel \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

# Cartridges: inputs of 16 KB hold a header, a task, a palette and a frame,
# and are mutated seven times faster than the larger seeds; value profiling
# guides mutations through the parser's range checks.  The sample and test
# cartridges are the seeds.  tests/test_cart.py uses the same flags.
FUZZ_FLAGS_cart  := -max_len=16384 -use_value_profile=1
FUZZ_SEEDS_cart   = $(BUILD)/carts $(BUILD)/testcarts
FUZZ_NEEDS_cart   = $(CARTS) $(TEST_CARTS)
FUZZ_CORPUS_cart := $(FUZZ_DIR)/corpus

# HID: a descriptor is at most 4 KiB (HID_MAX_DESCRIPTOR); the real ones of
# the unit tests, written out by hid_seeds, are the seeds.  tests/test_hid.py
# uses the same flags.
FUZZ_FLAGS_hid   := -max_len=4096 -use_value_profile=1
FUZZ_SEEDS_hid   := $(FUZZ_DIR)/hid-seeds
FUZZ_NEEDS_hid   := $(FUZZ_DIR)/hid-seeds
FUZZ_CORPUS_hid  := $(FUZZ_DIR)/corpus-hid

FUZZ_NEEDS   = $(FUZZER) $(FUZZ_NEEDS_$(FUZZ_TARGET))
FUZZ_CMD     = mkdir -p $(FUZZ_CORPUS_$(FUZZ_TARGET)) && \
               $(FUZZER) $(FUZZ_FLAGS_$(FUZZ_TARGET)) -max_total_time=$(FUZZ_TIME) \
               -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_CORPUS_$(FUZZ_TARGET)) $(FUZZ_SEEDS_$(FUZZ_TARGET))

TEST_EXTRA += $(FUZZ_DIR)/fuzz_cart $(FUZZ_DIR)/fuzz_hid $(FUZZ_DIR)/hid-seeds

$(FUZZ_DIR)/fuzz_cart: tests/fuzz/fuzz_cart.c kernel/cart.c kernel/cart.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_cart.c kernel/cart.c

$(FUZZ_DIR)/fuzz_hid: tests/fuzz/fuzz_hid.c kernel/dev/usb/hid.c kernel/dev/usb/hid.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_hid.c kernel/dev/usb/hid.c

$(FUZZ_DIR)/hid_seeds: tests/fuzz/hid_seeds.c tests/unit/hid_descriptors.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -Itests/unit -o $@ tests/fuzz/hid_seeds.c

$(FUZZ_DIR)/hid-seeds: $(FUZZ_DIR)/hid_seeds
	rm -rf $@ $@.tmp && mkdir -p $@.tmp && $< $@.tmp && mv $@.tmp $@

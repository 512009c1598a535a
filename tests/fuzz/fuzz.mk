# libFuzzer targets on the parsers of outside input: fuzz_cart (cartridges,
# kernel/abi/cart.c), fuzz_acpi (ACPI tables, kernel/dev/acpi.c), fuzz_hid
# (USB HID report descriptors and reports, kernel/dev/usb/hid.c),
# fuzz_usb (USB device, configuration and hub descriptors,
# kernel/dev/usb/usbdesc.c), fuzz_utf8 (a task's text for the log,
# kernel/lib/utf8.c) and fuzz_melody (the SDK's melodies as text,
# cartridges/sdk/sound.h).  `make test` runs each briefly (tests/test_cart.py,
# tests/test_acpi.py, tests/test_hid.py, tests/test_usb_desc.py,
# tests/test_utf8.py, tests/test_sound.py); `make fuzz
# FUZZ=cart|acpi|hid|usb|utf8|melody` runs one for
# FUZZ_TIME seconds, keeping what it learns in its corpus from one run to
# the next.
FUZZ        ?= cart
FUZZ_TIME   ?= 600
FUZZ_DIR    := $(BUILD)/tests/fuzz
FUZZER       = $(FUZZ_DIR)/fuzz_$(FUZZ)
FUZZ_CORPUS  = $(FUZZ_DIR)/corpus-$(FUZZ)
FUZZ_CC     := clang -std=c11 -g -O1 -Wall -Wextra -Werror -Ikernel \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

# Cartridges: inputs of 16 KB hold a header, a task, a palette and a frame,
# and are mutated seven times faster than the larger seeds; value profiling
# guides mutations through the parser's range checks.  The sample and test
# cartridges are the seeds.  tests/test_cart.py uses the same flags.
FUZZ_FLAGS_cart := -max_len=16384 -use_value_profile=1
FUZZ_SEEDS_cart  = $(BUILD)/carts $(BUILD)/testcarts
FUZZ_NEEDS_cart  = $(CARTS) $(TEST_CARTS)

# ACPI: an input is memory from address 0: 4 KB hold the RSDP, both root
# tables and a PC's FADT, MADT, HPET and MCFG.  The seeds are such images of
# the machines in tests/unit/acpi/.  tests/test_acpi.py uses the same flags.
ACPI_SEEDS      := $(FUZZ_DIR)/acpi-seeds
FUZZ_FLAGS_acpi := -max_len=4096 -use_value_profile=1
FUZZ_SEEDS_acpi := $(ACPI_SEEDS)
FUZZ_NEEDS_acpi := $(ACPI_SEEDS)

# HID: a descriptor is at most 4 KiB (HID_MAX_DESCRIPTOR); the real ones of
# the unit tests, written out by write_seeds, are the seeds.  tests/test_hid.py
# uses the same flags.
HID_SEEDS       := $(FUZZ_DIR)/hid-seeds
FUZZ_FLAGS_hid  := -max_len=4096 -use_value_profile=1
FUZZ_SEEDS_hid  := $(HID_SEEDS)
FUZZ_NEEDS_hid  := $(HID_SEEDS)

# USB descriptors: a configuration is read up to a page (the driver asks
# for no more); QEMU's devices' descriptors, written out by write_seeds, are
# the seeds.  tests/test_usb_desc.py uses the same flags.
USB_SEEDS       := $(FUZZ_DIR)/usb-seeds
FUZZ_FLAGS_usb  := -max_len=4096 -use_value_profile=1
FUZZ_SEEDS_usb  := $(USB_SEEDS)
FUZZ_NEEDS_usb  := $(USB_SEEDS)

# UTF-8: the print service takes 255 bytes; no seeds, the fuzzer finds its
# way from nothing.  tests/test_utf8.py uses the same flags.
FUZZ_FLAGS_utf8 := -max_len=255 -use_value_profile=1

# Melodies: no seeds; the first byte is how many notes the parser may
# write.  tests/test_sound.py uses the same flags.
FUZZ_FLAGS_melody := -max_len=1024 -use_value_profile=1

FUZZ_CMD = mkdir -p $(FUZZ_CORPUS) && $(FUZZER) $(FUZZ_FLAGS_$(FUZZ)) -max_total_time=$(FUZZ_TIME) \
           -artifact_prefix=$(FUZZ_DIR)/ $(FUZZ_CORPUS) $(FUZZ_SEEDS_$(FUZZ))

TEST_EXTRA += $(FUZZ_DIR)/fuzz_cart $(FUZZ_DIR)/fuzz_acpi $(FUZZ_DIR)/fuzz_hid $(FUZZ_DIR)/fuzz_usb \
              $(FUZZ_DIR)/fuzz_utf8 $(FUZZ_DIR)/fuzz_melody $(ACPI_SEEDS) $(HID_SEEDS) $(USB_SEEDS)

$(FUZZ_DIR)/fuzz_cart: tests/fuzz/fuzz_cart.c kernel/abi/cart.c kernel/abi/cart.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_cart.c kernel/abi/cart.c

$(FUZZ_DIR)/fuzz_acpi: tests/fuzz/fuzz_acpi.c kernel/dev/acpi.c kernel/dev/acpi.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_acpi.c kernel/dev/acpi.c

$(FUZZ_DIR)/fuzz_hid: tests/fuzz/fuzz_hid.c kernel/dev/usb/hid.c kernel/dev/usb/hid.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_hid.c kernel/dev/usb/hid.c

$(FUZZ_DIR)/fuzz_utf8: tests/fuzz/fuzz_utf8.c kernel/lib/utf8.c kernel/lib/utf8.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_utf8.c kernel/lib/utf8.c

$(FUZZ_DIR)/fuzz_melody: tests/fuzz/fuzz_melody.c cartridges/sdk/sound.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_melody.c

$(ACPI_SEEDS): tests/fuzz/acpi_seeds.py $(wildcard tests/unit/acpi/*.*)
	rm -rf $@ && $(PYTHON) tests/fuzz/acpi_seeds.py $@

$(FUZZ_DIR)/write_seeds: tests/fuzz/write_seeds.c tests/unit/sample.h tests/unit/hid_descriptors.h \
                         tests/unit/usb_descriptors.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -Itests/unit -o $@ tests/fuzz/write_seeds.c

$(HID_SEEDS): $(FUZZ_DIR)/write_seeds
	rm -rf $@ $@.tmp && mkdir -p $@.tmp && $< hid $@.tmp && mv $@.tmp $@

$(FUZZ_DIR)/fuzz_usb: tests/fuzz/fuzz_usb.c kernel/dev/usb/usbdesc.c kernel/dev/usb/usb.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_usb.c kernel/dev/usb/usbdesc.c

$(USB_SEEDS): $(FUZZ_DIR)/write_seeds
	rm -rf $@ $@.tmp && mkdir -p $@.tmp && $< usb $@.tmp && mv $@.tmp $@

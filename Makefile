# Orga Génesis — top-level build.  `make` builds everything into build/ and
# fills esp/; see README.md for the other targets.  Each directory owns a
# fragment (efi/efi.mk, kernel/kernel.mk, ...) that adds its rules here.

BUILD   := build
ESP     := esp
OBJ     := $(BUILD)/obj

HOSTCC     ?= cc
HOSTCFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -D_DEFAULT_SOURCE
PYTHON     := /usr/bin/python3

OVMF_CODE := /usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS := /usr/share/OVMF/OVMF_VARS_4M.fd

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY:

# Filled by the fragments.
ESP_FILES  :=
CARTS      :=
TEST_CARTS :=
UNIT_TESTS :=
BENCHES    :=

include efi/efi.mk
include kernel/kernel.mk
include mkcart/mkcart.mk
include cartridges/cartridges.mk
include tests/tests.mk

all: esp
.PHONY: all esp image usb keys qemu-ovmf qemu-gdb deps deps-check deps-verify test bench fuzz clean

# ---- the ESP tree -----------------------------------------------------------
# CART=<name> (a folder of cartridges/): that cartridge is inserted at power-on;
# BOOT.CFG's cart= line is written for it.  Without CART, kernel/BOOT.CFG as
# it is.  The choice is kept in a file rewritten only when it changes, so
# BOOT.CFG is made again exactly then.
CART_NAMES  := $(notdir $(CART_GAMES))
CART_CHOICE := $(BUILD)/cart-choice
ifneq ($(CART),)
ifeq ($(and $(filter 1,$(words $(CART))),$(filter $(CART),$(CART_NAMES))),)
$(error CART=$(CART) is not a cartridge; the cartridges are: $(CART_NAMES))
endif
endif

$(CART_CHOICE): FORCE
	@mkdir -p $(@D)
	@[ "$$(cat $@ 2>/dev/null)" = "$(CART)" ] || echo "$(CART)" > $@
.PHONY: FORCE

ESP_FILES += $(ESP)/EFI/BOOT/BOOTX64.EFI $(ESP)/GENESIS/KERNEL.ELF $(ESP)/GENESIS/BOOT.CFG
ESP_FILES += $(patsubst $(BUILD)/carts/%,$(ESP)/CARTS/%,$(CARTS))

esp: $(ESP_FILES)
	@# Cartridges no longer built (renamed or removed) must not linger.
	@for f in $(ESP)/CARTS/*.cart; do \
	  [ -e "$$f" ] || continue; \
	  case " $(ESP_FILES) " in *" $$f "*) ;; *) rm -f "$$f";; esac; \
	done

$(ESP)/EFI/BOOT/BOOTX64.EFI: $(BUILD)/BOOTX64.EFI
	@mkdir -p $(@D) && cp $< $@
$(ESP)/GENESIS/KERNEL.ELF: $(BUILD)/kernel.elf
	@mkdir -p $(@D) && cp $< $@
$(ESP)/GENESIS/BOOT.CFG: kernel/BOOT.CFG $(CART_CHOICE)
	@mkdir -p $(@D)
	sed '$(if $(CART),s/^#*[ \t]*cart[ \t]*=.*/cart=$(CART).cart/)' $< > $@
$(ESP)/CARTS/%.cart: $(BUILD)/carts/%.cart
	@mkdir -p $(@D) && cp $< $@

# ---- disk image for a USB stick ---------------------------------------------
# A GPT disk with one FAT32 EFI System Partition starting at 1 MiB, made
# without root: sfdisk writes the partition table into a plain file, mtools
# formats and fills the partition through an offset.  $(IMAGE) is the
# unsigned image the tests boot; `make image SIGN=...` makes a signed one
# instead (efi/sign.mk, docs/secure-boot.md).
IMAGE      := $(BUILD)/genesis.img
IMAGE_MB   := 64

# $(call make_image,folders that go to the root beside GENESIS and CARTS)
define make_image
	@rm -f $@.tmp
	truncate -s $(IMAGE_MB)M $@.tmp
	printf 'label: gpt\nstart=2048, type=uefi, name="GENESIS"\n' | sfdisk --quiet $@.tmp
	mformat -i $@.tmp@@1M -F -v GENESIS ::
	mcopy -s -i $@.tmp@@1M $(1) $(ESP)/GENESIS ::/
	mcopy -s -i $@.tmp@@1M $(ESP)/CARTS ::/ 2>/dev/null || mmd -i $@.tmp@@1M ::/CARTS
	mv $@.tmp $@
endef

$(IMAGE): $(ESP_FILES) | deps-check
	$(call make_image,$(ESP)/EFI)

include efi/sign.mk

image: $(USB_IMAGE)
usb: $(USB_IMAGE)
	@$(PYTHON) efi/usb_write.py $(USB_IMAGE) "$(DEV)"

# ---- running it ---------------------------------------------------------------
QEMU      := qemu-system-x86_64
QEMU_RUN  := $(BUILD)/run
QEMU_BASE := -machine q35 -m 512M -accel tcg -nic none -no-reboot \
             -drive if=pflash,format=raw,readonly=on,file=$(OVMF_CODE) \
             -drive if=pflash,format=raw,file=$(QEMU_RUN)/OVMF_VARS.fd \
             -drive file=fat:rw:$(ESP),format=raw \
             -device isa-debug-exit,iobase=0xf4,iosize=0x04
# QEMU_EXTRA="...": more QEMU options for qemu-ovmf and qemu-gdb, after the
# project's own (a later option wins where QEMU lets one override another).
# A window when there is a display; otherwise the serial console on this terminal.
QEMU_VIEW  = $(if $(DISPLAY)$(WAYLAND_DISPLAY),-serial stdio,-display none -serial mon:stdio)

$(QEMU_RUN)/OVMF_VARS.fd: | deps-check
	@mkdir -p $(@D) && cp $(OVMF_VARS) $@

qemu-ovmf: deps-check
	@$(MAKE) --no-print-directory all
	@rm -f $(QEMU_RUN)/OVMF_VARS.fd && $(MAKE) --no-print-directory $(QEMU_RUN)/OVMF_VARS.fd
	$(QEMU) $(QEMU_BASE) $(QEMU_VIEW) $(QEMU_EXTRA); code=$$?; \
	  case $$code in 33) echo "genesis: normal end";; 35) echo "genesis: kernel panic"; exit 1;; esac

qemu-gdb: deps-check
	@$(MAKE) --no-print-directory all $(BUILD)/.gdbinit
	@rm -f $(QEMU_RUN)/OVMF_VARS.fd && $(MAKE) --no-print-directory $(QEMU_RUN)/OVMF_VARS.fd
	@echo "QEMU waits for GDB on :$(GDB_PORT): run 'gdb -x $(BUILD)/.gdbinit' in another terminal"
	$(QEMU) $(QEMU_BASE) $(QEMU_VIEW) $(QEMU_EXTRA) -S -gdb tcp:localhost:$(GDB_PORT)

# QEMU's x86_64 CPU describes 64-bit registers whatever mode the guest is
# in; GDB reaches it through kernel/gdb/i386stub.py, which presents an i386
# CPU, and loads the kernel's commands (kernel/gdb/genesis.py).  The
# temporary breakpoint runs the firmware and the loader up to the kernel.
# docs/debugging.md walks through a session.
GDB_PORT := 1234
$(BUILD)/.gdbinit: $(BUILD)/kernel.elf kernel/gdb/i386stub.py kernel/gdb/genesis.py Makefile
	@printf '%s\n' "file $(abspath $<)" "source $(abspath kernel/gdb/genesis.py)" \
	  "target remote | $(PYTHON) $(abspath kernel/gdb/i386stub.py) localhost:$(GDB_PORT)" \
	  "thbreak kernel_main" "continue" > $@

# ---- toolchain ----------------------------------------------------------------
# "file-or-command:debian-package" pairs; deps-check names what is missing.
DEPS := gcc:gcc make:make gdb:gdb ld:binutils nasm:nasm clang:clang \
        /usr/lib/crt0-efi-x86_64.o:gnu-efi \
        $(OVMF_CODE):ovmf qemu-system-x86_64:qemu-system-x86 \
        mformat:mtools mcopy:mtools sfdisk:fdisk \
        /usr/include/cmocka.h:libcmocka-dev /usr/include/png.h:libpng-dev /usr/include/zlib.h:zlib1g-dev \
        /usr/share/consolefonts/Lat15-Terminus16.psf.gz:console-setup-linux \
        /usr/bin/python3:python3 /usr/lib/python3/dist-packages/pytest/__init__.py:python3-pytest \
        /usr/lib/python3/dist-packages/xdist/__init__.py:python3-pytest-xdist \
        /usr/lib/python3/dist-packages/numpy/__init__.py:python3-numpy \
        /usr/lib/python3/dist-packages/matplotlib/__init__.py:python3-matplotlib \
        /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev \
        dpkg-deb:dpkg sha256sum:coreutils openssl:openssl sbsign:sbsigntool sbverify:sbsigntool \
        cert-to-efi-sig-list:efitools sign-efi-sig-list:efitools $(KEYTOOL):efitools \
        $(SHIM):shim-signed $(MOKMANAGER):shim-helpers-amd64-signed

DEPS_MISSING = $(strip $(foreach d,$(DEPS),$(if $(call dep_present,$(firstword $(subst :, ,$(d)))),,$(d))))
dep_present = $(if $(filter /%,$(1)),$(wildcard $(1)),$(shell command -v $(1) 2>/dev/null))

deps:
	@missing="$(foreach d,$(DEPS_MISSING),$(lastword $(subst :, ,$(d))))"; \
	if [ -z "$$missing" ]; then echo "deps: everything is installed"; exit 0; fi; \
	pkgs=$$(echo $$missing | tr ' ' '\n' | sort -u | tr '\n' ' '); \
	if ! command -v apt-get >/dev/null; then \
	  echo "deps: no apt-get here; install the equivalents of these Debian packages: $$pkgs" >&2; exit 1; fi; \
	sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	echo "deps: installing $$pkgs"; \
	$$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q $$pkgs

# Run by every target that needs the toolchain: installs what is missing
# (through `make deps`), then fails naming anything still absent.
deps-check:
	@if [ -n "$(DEPS_MISSING)" ]; then $(MAKE) --no-print-directory deps; fi
	@$(MAKE) --no-print-directory deps-verify

deps-verify:
	@if [ -n "$(DEPS_MISSING)" ]; then \
	  echo "deps: still missing (file-or-command:package): $(DEPS_MISSING)" >&2; exit 1; fi

# ---- tests and benchmarks -------------------------------------------------------
test: deps-check
	@$(MAKE) --no-print-directory all $(UNIT_TESTS) $(TEST_CARTS) $(IMAGE) $(TEST_EXTRA)
	@$(PYTHON) -m pytest -q -rs -p no:cacheprovider -n 2 tests/

fuzz: deps-check
	@$(MAKE) --no-print-directory $(FUZZER) $(FUZZ_NEEDS_$(FUZZ))
	$(FUZZ_CMD)

bench: deps-check
	@$(MAKE) --no-print-directory all $(IMAGE) $(BENCHES)
	@$(PYTHON) tests/bench.py

clean:
	rm -rf $(BUILD)
	find $(ESP) -mindepth 1 ! -name README.md -delete

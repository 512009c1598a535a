# The loader: an x86_64 GNU-EFI application, $(BUILD)/BOOTX64.EFI.
#
# gnu-efi builds a position-independent ELF shared object with its own crt0
# and linker script, then objcopy rewrites it as a PE/COFF EFI application
# (subsystem 10).  GNU_EFI_USE_MS_ABI makes firmware calls direct
# (EFIAPI = ms_abi) instead of going through uefi_call_wrapper.

EFI_SRCS := $(addprefix efi/,main.c alloc.c esp.c kernel.c secboot.c sha256.c carts.c video.c \
                              memmap.c serial.c)
EFI_OBJS := $(patsubst efi/%.c,$(OBJ)/efi/%.o,$(EFI_SRCS)) $(OBJ)/efi/trampoline.o \
            $(OBJ)/efi/sbat.o $(OBJ)/efi/kernel_sha256.o

EFI_CC      := gcc
EFI_INC     := /usr/include/efi
EFI_LIB     := /usr/lib
EFI_CFLAGS  := -std=gnu11 -O2 -Wall -Wextra -Werror \
               -ffreestanding -fpic -fshort-wchar -fno-stack-protector \
               -mno-red-zone -mno-mmx -mno-sse \
               -DGNU_EFI_USE_MS_ABI -I$(EFI_INC) -I$(EFI_INC)/x86_64 -Ikernel/abi
EFI_LDFLAGS := -nostdlib -znocombreloc -shared -Bsymbolic \
               -T $(EFI_LIB)/elf_x86_64_efi.lds $(EFI_LIB)/crt0-efi-x86_64.o
EFI_SECTIONS := .text .sdata .data .rodata .dynamic .dynsym .rel .rela .reloc .sbat
# Recipes shared with other EFI applications (the bare one of `make bench`).
# --strip-all: a COFF symbol table would trail the last section, data that
# no firmware reads and that sbsign warns about as a gap it cannot place.
EFI_LINK     = ld $(EFI_LDFLAGS) $^ -o $@ -L$(EFI_LIB) -lefi -lgnuefi
EFI_TO_PE    = objcopy $(addprefix -j ,$(EFI_SECTIONS)) --strip-all --target efi-app-x86_64 \
                       --subsystem=10 $< $@

$(OBJ)/efi/%.o: efi/%.c
	@mkdir -p $(@D)
	$(EFI_CC) $(EFI_CFLAGS) -MMD -MP -c $< -o $@

$(OBJ)/efi/trampoline.o: efi/trampoline.asm
	@mkdir -p $(@D)
	nasm -f elf64 -Werror $< -o $@

$(OBJ)/efi/sbat.o: efi/sbat.asm efi/sbat.csv
	@mkdir -p $(@D)
	nasm -f elf64 -Werror $< -o $@

# The SHA-256 of the kernel this loader is built with, as a C array: under
# Secure Boot the loader starts no other kernel (efi/secboot.c).  Signing
# the loader afterwards covers the digest too.
$(OBJ)/efi/kernel_sha256.c: $(BUILD)/kernel.elf
	@mkdir -p $(@D)
	@hash=$$(sha256sum $<) && hash=$${hash%% *} && [ $${#hash} -eq 64 ] && \
	{ echo '// Made by efi/efi.mk from $<; not a source file.'; \
	  echo '#include "loader.h"'; \
	  echo 'const uint8_t kernel_sha256[SHA256_BYTES] = {'; \
	  echo "$$hash" | sed 's/../0x&, /g'; \
	  echo '};'; } > $@

$(OBJ)/efi/kernel_sha256.o: $(OBJ)/efi/kernel_sha256.c
	$(EFI_CC) $(EFI_CFLAGS) -iquote efi -c $< -o $@

$(OBJ)/efi/loader.so: $(EFI_OBJS)
	$(EFI_LINK)

$(BUILD)/BOOTX64.EFI: $(OBJ)/efi/loader.so
	$(EFI_TO_PE)

-include $(EFI_OBJS:.o=.d)

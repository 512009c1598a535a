# The kernel: every .c and .asm file of kernel/, of its layer folders
# (docs/kernel.md draws them) and of their subfolders (dev/usb/), linked at
# 1 MiB into $(BUILD)/kernel.elf.
# Objects are named after their source (foo.c.o, foo.asm.o) so a C file and
# an assembly file may share a stem.  Includes name the layer folder
# ("mm/mmu.h"), so -Ikernel is the only include path.

KERNEL_CFLAGS  := -m32 -march=i686 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
                  -fno-builtin -mno-sse -mno-mmx -mno-80387 -fno-asynchronous-unwind-tables \
                  -nostdlib -O2 -g -Wall -Wextra -Werror -MMD -MP -Ikernel
KERNEL_ASFLAGS := -f elf32 -g -I$(OBJ)/kernel/
KERNEL_LDFLAGS := -m elf_i386 -T kernel/kernel.ld -nostdlib -z max-page-size=0x1000 -z noexecstack \
                  --build-id=none

KERNEL_LAYERS := abi arch lib mm dev task console
KERNEL_SRCS := $(wildcard kernel/*.c kernel/*.asm $(foreach l,$(KERNEL_LAYERS),kernel/$(l)/*.c kernel/$(l)/*.asm) \
                          kernel/dev/usb/*.c)
KERNEL_OBJS := $(patsubst kernel/%,$(OBJ)/kernel/%.o,$(KERNEL_SRCS))

# The console font, taken from Debian's console-setup-linux at build time.
KERNEL_FONT := /usr/share/consolefonts/Lat15-Terminus16.psf.gz

# NASM cannot read C headers: the plain numeric #defines of these headers are
# turned into %defines, so assembly and C share one definition of each value.
KERNEL_ASM_HEADERS := kernel/abi/bootinfo.h kernel/arch/segment.h kernel/arch/idt.h kernel/dev/pic.h

$(BUILD)/kernel.elf: $(KERNEL_OBJS) kernel/kernel.ld
	ld $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS)

$(OBJ)/kernel/%.c.o: kernel/%.c
	@mkdir -p $(@D)
	gcc $(KERNEL_CFLAGS) -c $< -o $@

$(OBJ)/kernel/%.asm.o: kernel/%.asm $(OBJ)/kernel/kconst.inc
	@mkdir -p $(@D)
	nasm $(KERNEL_ASFLAGS) -MD $(@:.o=.d) -MP -o $@ $<

$(OBJ)/kernel/dev/font.asm.o: $(OBJ)/kernel/font.psf

$(OBJ)/kernel/font.psf: $(KERNEL_FONT)
	@mkdir -p $(@D)
	gzip -dc $< > $@

$(OBJ)/kernel/kconst.inc: $(KERNEL_ASM_HEADERS) kernel/kernel.mk
	@mkdir -p $(@D)
	sed -n 's/^#define \([A-Z0-9_]*\) *\(0x[0-9A-Fa-f]\+\|[0-9]\+\)u\{0,1\}\( .*\)\{0,1\}$$/%define \1 \2/p' \
	  $(KERNEL_ASM_HEADERS) > $@

-include $(KERNEL_OBJS:.o=.d)

# make bench: tests/bench_tasks.py steps through the tasks of this cartridge.
BENCHES += $(BUILD)/testcarts/bench-tasks.cart

# Cartridges.  Every folder cartridges/<name>/ (but sdk/) becomes
# build/carts/<name>.cart, and every folder tests/carts/<name>/ becomes
# build/testcarts/<name>.cart, by the same rules.  In a folder:
#   A.c, A.asm, or A/*.c *.asm   sources of task A (likewise B, C, D)
#   A.flat.asm                   task A as a flat binary instead (nasm -f bin)
#   common/*.c *.asm             linked into every (non-flat) task
#   frames.png or frames.py      the sprite sheet; frames.py SHEET draws it
#   cart.mk                      optional: TITLE := ... (default: the folder
#                                name), FPS := n, TASKS := A B ... (default:
#                                the letters that have sources),
#                                SYMBOLS := yes (keep the tasks' function
#                                names, so kill lines name the function)
# Every C task links libgenesis.a, the SDK's library (cartridges/sdk/*.c:
# gfx.h's drawing, text and random numbers), of which the linker takes only
# the files a task uses.
# Every object is compiled with TASK_LETTER defined as its task's letter
# ('A' in C and NASM), so common/ code can tell the tasks apart.  NASM
# sources find %include files in their own folder, as C finds "" headers.
# docs/cartridge.md has the walkthrough.

CART_SDK      := cartridges/sdk
CART_OBJ      := $(OBJ)/cartridges
CART_CC       := gcc
# No FPU state is promised to tasks, so floating point is refused at build
# time (-mgeneral-regs-only), and there is no 32-bit libgcc to link.
CART_CFLAGS   := -m32 -march=i686 -std=gnu11 -O2 -g -Wall -Wextra -Werror \
                 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
                 -fno-asynchronous-unwind-tables -mgeneral-regs-only \
                 -I$(CART_SDK) -MMD -MP
CART_NASMFLAGS := -f elf32 -g -F dwarf -I$(CART_OBJ)/sdk/
CART_LDFLAGS  := -m elf_i386 -nostdlib -static -z noexecstack -z max-page-size=0x1000 \
                 -T $(CART_SDK)/cart.ld
CART_START    := $(CART_OBJ)/sdk/start.o
CART_INC      := $(CART_OBJ)/sdk/genesis.inc
CART_LIB_OBJS := $(patsubst $(CART_SDK)/%.c,$(CART_OBJ)/sdk/%.o,$(wildcard $(CART_SDK)/*.c))
CART_LIB      := $(CART_OBJ)/sdk/libgenesis.a

CART_GAMES := $(filter-out cartridges/sdk,$(patsubst %/,%,$(wildcard cartridges/*/)))
CART_TESTS := $(patsubst %/,%,$(wildcard tests/carts/*/))
CARTS      += $(patsubst cartridges/%,$(BUILD)/carts/%.cart,$(CART_GAMES))
TEST_CARTS += $(patsubst tests/carts/%,$(BUILD)/testcarts/%.cart,$(CART_TESTS))

# NASM sources get the SDK's numbers from genesis.h itself: every
# `#define GENESIS_X <number>` becomes `%define GENESIS_X <number>`.
$(CART_INC): $(CART_SDK)/genesis.h
	@mkdir -p $(@D)
	sed -n 's/^#define \(GENESIS_[A-Z0-9_]*\) *\(0x[0-9A-Fa-f]*\|[0-9][0-9]*\)u\{0,1\}\( .*\)\{0,1\}$$/%define \1 \2/p' $< > $@

$(CART_START): $(CART_SDK)/start.asm $(CART_INC)
	nasm $(CART_NASMFLAGS) -o $@ $<

$(CART_OBJ)/sdk/%.o: $(CART_SDK)/%.c
	@mkdir -p $(@D)
	$(CART_CC) $(CART_CFLAGS) -c -o $@ $<

$(CART_LIB): $(CART_LIB_OBJS)
	rm -f $@
	ar rcs $@ $^
-include $(CART_LIB_OBJS:.o=.d)

# ---- per folder -------------------------------------------------------------
# $1 is a cartridge folder, $2 a task letter.
cart_letters   = $(foreach L,A B C D,$(if $(wildcard $1/$L.c $1/$L.asm $1/$L.flat.asm $1/$L/),$L))
cart_sources   = $(wildcard $1/$2.c $1/$2.asm $1/$2/*.c $1/$2/*.asm $1/common/*.c $1/common/*.asm)
cart_objs      = $(patsubst %,$(CART_OBJ)/task-$2/%.o,$(call cart_sources,$1,$2))
cart_task_file = $(if $(wildcard $1/$2.flat.asm),$(CART_OBJ)/$1/$2.bin,$(CART_OBJ)/$1/$2.elf)
cart_frames    = $(or $(wildcard $1/frames.png),$(if $(wildcard $1/frames.py),$(CART_OBJ)/$1/frames.png))
cart_inputs    = $(foreach L,$($1.tasks),$(call cart_task_file,$1,$L)) $(call cart_frames,$1) \
                 $(wildcard $1/cart.mk)
shell_quote    = '$(subst ','\'',$1)'

# Reads folder $1's cart.mk into $1.title, $1.fps, $1.tasks and $1.symbols.
define cart_config
TITLE :=
FPS :=
TASKS :=
SYMBOLS :=
-include $1/cart.mk
$1.title := $$(or $$(TITLE),$(notdir $1))
$1.fps   := $$(FPS)
$1.tasks := $$(or $$(TASKS),$$(call cart_letters,$1))
$1.symbols := $$(filter yes,$$(SYMBOLS))
CART_ALL_OBJS += $$(foreach L,$$($1.tasks),$$(call cart_objs,$1,$$L))
undefine TITLE
undefine FPS
undefine TASKS
undefine SYMBOLS
endef
CART_ALL_OBJS :=
$(foreach d,$(CART_GAMES) $(CART_TESTS),$(eval $(call cart_config,$d)))
-include $(CART_ALL_OBJS:.o=.d)

# Objects, one tree per task letter because TASK_LETTER differs.
define cart_compile
$(CART_OBJ)/task-$1/%.c.o: %.c
	@mkdir -p $$(@D)
	$(CART_CC) $(CART_CFLAGS) -DTASK_LETTER="'$1'" -c -o $$@ $$<
$(CART_OBJ)/task-$1/%.asm.o: %.asm $(CART_INC)
	@mkdir -p $$(@D)
	nasm $(CART_NASMFLAGS) -I$$(<D)/ -DTASK_LETTER="'$1'" -MD $$(@:.o=.d) -o $$@ $$<
endef
$(foreach L,A B C D,$(eval $(call cart_compile,$L)))

.SECONDEXPANSION:
# $* is <folder>/<letter>.
$(CART_OBJ)/%.elf: $$(call cart_objs,$$(*D),$$(*F)) $(CART_START) $(CART_LIB) $(CART_SDK)/cart.ld
	@mkdir -p $(@D)
	ld $(CART_LDFLAGS) -o $@ $(CART_START) $(call cart_objs,$(*D),$(*F)) $(CART_LIB)

$(CART_OBJ)/%.bin: %.flat.asm $(CART_INC)
	@mkdir -p $(@D)
	nasm -f bin -I$(CART_OBJ)/sdk/ -DTASK_LETTER="'$(notdir $*)'" -o $@ $<

$(CART_OBJ)/%/frames.png: %/frames.py $(CART_SDK)/pngwrite.py
	@mkdir -p $(@D)
	PYTHONPATH=$(CART_SDK) $(PYTHON) $< $@

cart_build = $(MKCART) build -o $@ --title $(call shell_quote,$($1.title)) \
             $(foreach L,$($1.tasks),--task $L=$(call cart_task_file,$1,$L)) \
             $(addprefix --frames ,$(call cart_frames,$1)) $(addprefix --fps ,$($1.fps)) \
             $(if $($1.symbols),--symbols)

$(BUILD)/carts/%.cart: $$(call cart_inputs,cartridges/$$*) $(MKCART)
	@mkdir -p $(@D)
	$(call cart_build,cartridges/$*)

$(BUILD)/testcarts/%.cart: $$(call cart_inputs,tests/carts/$$*) $(MKCART)
	@mkdir -p $(@D)
	$(call cart_build,tests/carts/$*)

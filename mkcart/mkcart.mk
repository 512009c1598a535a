# mkcart, the host tool that packs games into cartridges (docs/cartridge.md).
# kernel/abi/cart.c, the parser the kernel runs, is compiled in too: `verify`
# and `inspect` accept exactly what the console accepts.
MKCART      := $(BUILD)/mkcart
MKCART_OBJS := $(addprefix $(OBJ)/mkcart/,main.o task.o symbols.o sheet.o assemble.o cart.o)
# -O3 vectorizes the per-pixel loops of sheet.c, which a big sprite sheet
# runs millions of times (make bench measures it).
MKCART_CFLAGS := $(HOSTCFLAGS) -O3 -Ikernel/abi -MMD -MP

$(MKCART): $(MKCART_OBJS)
	$(HOSTCC) $(MKCART_CFLAGS) -pthread -o $@ $^ -lpng -lz

$(OBJ)/mkcart/%.o: mkcart/%.c
	@mkdir -p $(@D)
	$(HOSTCC) $(MKCART_CFLAGS) -c -o $@ $<

$(OBJ)/mkcart/cart.o: kernel/abi/cart.c
	@mkdir -p $(@D)
	$(HOSTCC) $(MKCART_CFLAGS) -c -o $@ $<

-include $(MKCART_OBJS:.o=.d)

BENCHES += $(MKCART)

include tests/fuzz/fuzz.mk

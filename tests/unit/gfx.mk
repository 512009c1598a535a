# Unit tests of the SDK's drawing library, the very sources tasks link.
test_gfx_SRCS := cartridges/sdk/gfx.c cartridges/sdk/text.c cartridges/sdk/rnd.c
$(BUILD)/tests/unit/test_gfx: UNIT_CFLAGS += -Icartridges/sdk
$(BUILD)/tests/unit/test_gfx: $(wildcard cartridges/sdk/*.h)

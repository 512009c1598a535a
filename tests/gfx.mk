# The host renderer of tests/carts/gfx_scene's scene (tests/test_gfx.py):
# the scene and the SDK's drawing library, compiled for the host.
GFX_SCENE_SRCS := tests/gfx_scene.c tests/carts/gfx_scene/common/scene.c kernel/abi/cart.c \
                  cartridges/sdk/gfx.c cartridges/sdk/text.c cartridges/sdk/rnd.c
TEST_EXTRA += $(BUILD)/tests/gfx_scene

$(BUILD)/tests/gfx_scene: $(GFX_SCENE_SRCS) $(wildcard cartridges/sdk/*.h kernel/abi/*.h) \
                          tests/carts/gfx_scene/common/scene.h
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -Ikernel/abi -Icartridges/sdk -o $@ $(GFX_SCENE_SRCS)

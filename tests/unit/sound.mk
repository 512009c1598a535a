# Unit tests of the console's sound channels (kernel/console/sound.c) over a
# fake speaker and clock, and of the SDK's melody parser (cartridges/sdk/sound.h).
test_sound_SRCS := kernel/console/sound.c
test_melody_SRCS :=
test_melody_LIBS := -lm
$(BUILD)/tests/unit/test_melody: cartridges/sdk/sound.h

# Unit tests of the console's pure parts: the compositor's pixel math and
# layout, and the PS/2 scan-code decoding of the pad.
test_compose_SRCS := kernel/console/compose.c kernel/dev/surface.c
test_pad_SRCS     := kernel/console/pad.c

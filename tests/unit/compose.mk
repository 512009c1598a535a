# Unit tests of the console's pure parts: the compositor's pixel math and
# layout, the PS/2 scan-code decoding of the pad and the page its sources
# share (pad.c folds each one's buttons with hid.c's hid_track).
test_compose_SRCS := kernel/console/compose.c kernel/dev/surface.c
test_pad_SRCS     := kernel/console/pad.c kernel/dev/usb/hid.c

# Unit tests of the USB HID input for the pad: boot keyboard reports, report
# descriptors and gamepad reports (kernel/dev/usb/hid.c).
test_hid_SRCS := kernel/dev/usb/hid.c
$(BUILD)/tests/unit/test_hid: kernel/dev/usb/hid.h

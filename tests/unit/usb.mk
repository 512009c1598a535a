# Unit tests of the USB driver's pure parts: the descriptor parsers
# (kernel/dev/usb/usbdesc.c) on QEMU's devices' descriptors and hostile
# ones, and the xHCI arithmetic (kernel/dev/usb/xhcidata.c): rings,
# contexts, intervals, scratchpads, the extended capability walk.
test_usb_SRCS  := kernel/dev/usb/usbdesc.c
test_xhci_SRCS := kernel/dev/usb/xhcidata.c

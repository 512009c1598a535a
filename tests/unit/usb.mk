# Unit tests of the xHCI driver's pure parts (kernel/dev/usb/xhcidata.c):
# rings, contexts, intervals, scratchpads, the extended capabilities.
test_xhci_SRCS := kernel/dev/usb/xhcidata.c kernel/dev/usb/usbdesc.c

# Unit tests of PCI's pure parts (kernel/dev/pciscan.c): address arithmetic,
# BAR decoding, the scan and the capability walk over a fake configuration
# space.  test_xhci needs no sources: the decoding it tests is in xhci.h.
test_pci_SRCS := kernel/dev/pciscan.c

// libFuzzer target for the USB descriptor parsers (kernel/dev/usb/usbdesc.c):
// each input is read as a device, a configuration and a hub descriptor, in
// a buffer of exactly its size (AddressSanitizer sees any read past it),
// and each result's promises are checked.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dev/usb/usb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct usb_device_desc dev;
    struct usb_function f;
    struct usb_hub_desc hub;
    uint32_t offset;
    const char *bad;

    if (size > 4096)
        return 0;
    usb_parse_device(data, (uint32_t)size, &dev);
    bad = usb_parse_config(data, (uint32_t)size, &f, &offset);
    if (bad) {
        if (offset >= (size ? size : 1))
            abort();
    } else if (f.kind != USB_FN_NONE) {
        // A function comes with its interrupt IN endpoint; a HID one with
        // its report descriptor's length.
        if (!(f.endpoint & USB_EP_IN) || !(f.endpoint & USB_EP_NUMBER) || f.max_packet == 0 ||
            f.max_packet > USB_EP_PACKET || (f.kind == USB_FN_HID && f.report_length == 0))
            abort();
    }
    if (!usb_parse_hub(data, (uint32_t)size, &hub) &&
        (hub.ports == 0 || hub.ports > HUB_MAX_PORTS || hub.think_time > 3))
        abort();
    return 0;
}

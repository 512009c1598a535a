// The descriptors a USB device sends, read as hostile input (usb.h).  Each
// read is bounded by the length received, a descriptor's own bLength is
// checked against what is left before it is used, and a walk advances by
// at least 2 bytes a descriptor, so it ends whatever the device sends.
#include <stdint.h>

#include "dev/usb/usb.h"

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

const char *usb_parse_device(const uint8_t *d, uint32_t len, struct usb_device_desc *out)
{
    *out = (struct usb_device_desc){ 0 };
    if (len < USB_FIRST_PACKET)
        return "device descriptor shorter than 8 bytes";
    if (d[1] != USB_DT_DEVICE)
        return "not a device descriptor";
    out->max_packet0 = d[7];
    if (len < USB_DEVICE_DESC_LEN)
        return 0;
    if (d[0] < USB_DEVICE_DESC_LEN)
        return "device descriptor shorter than 18 bytes";
    out->class = d[4];
    out->subclass = d[5];
    out->protocol = d[6];
    out->vendor = le16(d + 8);
    out->product = le16(d + 10);
    out->configurations = d[17];
    return 0;
}

// Where the walk is: the interface being read and what it offers.
struct walk {
    int      in_interface;               // inside an alternate setting 0 of a wanted class
    uint8_t  kind;                       // what that interface would be
    struct usb_function cur;
};

// Which kind an interface would be, USB_FN_NONE when the console has no use for it.
static uint8_t interface_kind(const uint8_t *i)
{
    if (i[5] == USB_CLASS_HID)
        return i[6] == HID_SUBCLASS_BOOT && i[7] == HID_PROTOCOL_KEYBOARD ? USB_FN_KEYBOARD
                                                                          : USB_FN_HID;
    if (i[5] == USB_CLASS_HUB)
        return USB_FN_HUB;
    return USB_FN_NONE;
}

// Better: a keyboard over any other HID interface over a hub; among equals
// the first.
static int better(uint8_t kind, uint8_t than)
{
    static const uint8_t rank[] = {
        [USB_FN_NONE] = 0, [USB_FN_HUB] = 1, [USB_FN_HID] = 2, [USB_FN_KEYBOARD] = 3,
    };
    return rank[kind] > rank[than];
}

const char *usb_parse_config(const uint8_t *d, uint32_t len, struct usb_function *out,
                             uint32_t *offset)
{
    struct walk w = { 0 };
    uint32_t at, total;
    int first_interface = 1;

    *out = (struct usb_function){ 0 };
    *offset = 0;
    if (len < USB_CONFIG_DESC_LEN || d[0] < USB_CONFIG_DESC_LEN)
        return "configuration descriptor shorter than 9 bytes";
    if (d[1] != USB_DT_CONFIG)
        return "not a configuration descriptor";
    total = le16(d + 2);
    if (total < USB_CONFIG_DESC_LEN)
        return "configuration total length shorter than its own descriptor";
    if (total < len)
        len = total;
    out->config = d[5];
    for (at = d[0]; at < len; at += d[at]) {
        const uint8_t *p = d + at;

        *offset = at;
        if (len - at < 2 || p[0] < 2)
            return "descriptor shorter than 2 bytes";
        if (p[0] > len - at)
            return "descriptor runs past the end";
        switch (p[1]) {
        case USB_DT_INTERFACE:
            if (p[0] < USB_INTERFACE_DESC_LEN)
                return "interface descriptor shorter than 9 bytes";
            if (first_interface) {
                out->class = p[5];
                out->subclass = p[6];
                out->protocol = p[7];
                first_interface = 0;
            }
            w.in_interface = p[3] == 0 && interface_kind(p) != USB_FN_NONE;
            w.kind = interface_kind(p);
            w.cur = (struct usb_function){
                .kind = USB_FN_NONE, .config = out->config, .interface = p[2],
                .class = p[5], .subclass = p[6], .protocol = p[7],
            };
            break;
        case USB_DT_HID:
            if (!w.in_interface)
                break;
            if (p[0] < USB_HID_DESC_LEN)
                return "HID descriptor shorter than 9 bytes";
            // The class descriptors listed: the report descriptor is among them.
            for (uint32_t i = 0; i < p[5] && 6 + 3 * i + 3 <= p[0]; i++)
                if (p[6 + 3 * i] == USB_DT_REPORT && !w.cur.report_length)
                    w.cur.report_length = le16(p + 7 + 3 * i);
            break;
        case USB_DT_ENDPOINT:
            if (!w.in_interface)
                break;
            if (p[0] < USB_ENDPOINT_DESC_LEN)
                return "endpoint descriptor shorter than 7 bytes";
            if (!(p[2] & USB_EP_IN) || (p[3] & USB_EP_XFER) != USB_EP_INTERRUPT ||
                (p[2] & USB_EP_NUMBER) == 0 || w.cur.endpoint)
                break;
            w.cur.endpoint = p[2];
            w.cur.max_packet = le16(p + 4) & USB_EP_PACKET;
            w.cur.interval = p[6];
            break;
        }
        // The interface is complete enough to use: keep it if it beats the one kept.
        if (w.in_interface && w.cur.endpoint && w.cur.max_packet &&
            (w.kind != USB_FN_HID || w.cur.report_length) && better(w.kind, out->kind)) {
            *out = w.cur;
            out->kind = w.kind;
        }
    }
    *offset = 0;
    return 0;
}

const char *usb_parse_hub(const uint8_t *d, uint32_t len, struct usb_hub_desc *out)
{
    *out = (struct usb_hub_desc){ 0 };
    if (len < USB_HUB_DESC_MIN || d[0] < USB_HUB_DESC_MIN)
        return "hub descriptor shorter than 7 bytes";
    if (d[1] != USB_DT_HUB && d[1] != USB_DT_SS_HUB)
        return "not a hub descriptor";
    if (d[2] == 0)
        return "hub with no ports";
    out->ports = d[2] > HUB_MAX_PORTS ? HUB_MAX_PORTS : d[2];
    out->think_time = le16(d + 3) >> HUB_TTT_SHIFT & HUB_TTT_MASK;
    out->power_on_ms = (uint16_t)(d[5] * 2);
    return 0;
}

int32_t usb_route(uint32_t parent_route, uint32_t tier, uint32_t port)
{
    if (port == 0 || port > HUB_MAX_PORTS || tier >= USB_ROUTE_TIERS)
        return -1;
    return (int32_t)(parent_route | port << (4 * tier));
}

const char *usb_speed_name(uint32_t speed)
{
    static const char *const names[] = {
        [USB_SPEED_FULL] = "full-speed", [USB_SPEED_LOW] = "low-speed",
        [USB_SPEED_HIGH] = "high-speed", [USB_SPEED_SUPER] = "super-speed",
        [USB_SPEED_SUPER_PLUS] = "super-speed-plus",
    };
    return speed && speed <= USB_SPEED_SUPER_PLUS ? names[speed] : "unknown-speed";
}

// USB itself, whatever the host controller: the standard requests and
// descriptors (USB 2.0 chapter 9), the hub class (chapter 11), the HID
// class requests, and the pure functions that read what a device sends
// (usbdesc.c: no kernel state, no hardware, so host tests and a fuzzer run
// them).  Devices are outside input: every descriptor is bounded and
// checked before anything in it is used.
#ifndef GENESIS_USB_H
#define GENESIS_USB_H

#include <stdint.h>

// Speeds, numbered as xHCI's PORTSC and slot context number them (the
// protocol speed IDs every controller uses by default).
#define USB_SPEED_FULL      1            // 12 Mb/s: most keyboards and pads
#define USB_SPEED_LOW       2            // 1.5 Mb/s: cheap keyboards
#define USB_SPEED_HIGH      3            // 480 Mb/s: USB 2 hubs
#define USB_SPEED_SUPER     4            // 5 Gb/s
#define USB_SPEED_SUPER_PLUS 5           // 10 Gb/s and up

// A setup packet's bmRequestType.
#define USB_DIR_IN          0x80         // device to host
#define USB_TYPE_CLASS      0x20         // a class request, not a standard one
#define USB_RECIP_INTERFACE 0x01
#define USB_RECIP_OTHER     0x03         // hub class: a port

// Standard requests.
#define USB_REQ_GET_STATUS  0x00
#define USB_REQ_CLEAR_FEATURE 0x01
#define USB_REQ_SET_FEATURE 0x03
#define USB_REQ_GET_DESCRIPTOR 0x06
#define USB_REQ_SET_CONFIGURATION 0x09

// HID class requests (HID 1.11, 7.2), to an interface.
#define HID_REQ_SET_IDLE    0x0A         // wValue high byte 0: report only on change
#define HID_REQ_SET_PROTOCOL 0x0B        // wValue 0: the boot protocol
#define HID_BOOT_PROTOCOL   0

// Descriptor types.
#define USB_DT_DEVICE       0x01
#define USB_DT_CONFIG       0x02
#define USB_DT_INTERFACE    0x04
#define USB_DT_ENDPOINT     0x05
#define USB_DT_HID          0x21
#define USB_DT_REPORT       0x22         // HID report descriptor
#define USB_DT_HUB          0x29         // USB 2 hub
#define USB_DT_SS_HUB       0x2A         // USB 3 hub

#define USB_DEVICE_DESC_LEN 18
#define USB_CONFIG_DESC_LEN 9
#define USB_INTERFACE_DESC_LEN 9
#define USB_ENDPOINT_DESC_LEN 7
#define USB_HID_DESC_LEN    9            // with one class descriptor listed
#define USB_HUB_DESC_MIN    7            // up to bHubContrCurrent
#define USB_FIRST_PACKET    8            // the device descriptor's bytes every EP0 can send at once

// Classes and what the console does with them.
#define USB_CLASS_HID       0x03
#define USB_CLASS_HUB       0x09
#define HID_SUBCLASS_BOOT   0x01
#define HID_PROTOCOL_KEYBOARD 0x01

#define USB_EP_IN           0x80         // bEndpointAddress: an IN endpoint
#define USB_EP_NUMBER       0x0F
#define USB_EP_XFER         0x03         // bmAttributes: the transfer type
#define USB_EP_INTERRUPT    0x03
#define USB_EP_PACKET       0x07FF       // wMaxPacketSize: bits 11-12 are extra transactions

// Hub class (USB 2.0, 11.24): port features and the two port status words.
#define HUB_PORT_CONNECTION 0            // features and status bits
#define HUB_PORT_ENABLE     1
#define HUB_PORT_RESET      4
#define HUB_PORT_POWER      8
#define HUB_PORT_LOW_SPEED  9            // status only
#define HUB_PORT_HIGH_SPEED 10           // status only
#define HUB_C_PORT_CONNECTION 16         // change features: clear them once seen
#define HUB_C_PORT_RESET    20
#define HUB_CHANGE_FIRST    16           // C_PORT_CONNECTION ... C_PORT_RESET
#define HUB_CHANGE_LAST     20
#define HUB_PORT_STATUS_LEN 4            // wPortStatus, wPortChange
#define HUB_MAX_PORTS       15           // a route string gives a tier 4 bits
#define HUB_TTT_SHIFT       5            // wHubCharacteristics: TT think time, bits 5-6
#define HUB_TTT_MASK        0x3

// Route strings (USB 3.0, 8.9): 4 bits per hub tier, the port on the first
// hub below the root in bits 0-3, at most 5 tiers of hubs.
#define USB_ROUTE_TIERS     5

// The devices the console may hear from at once (input sources).
#define USB_INPUT_DEVICES   32

// What the console gets from a keyboard or pad: device (0 to
// USB_INPUT_DEVICES - 1) now holds buttons (the pad's PAD_x bits; HID_KEEP
// for a report that tells nothing).  A device that goes away sends 0.
typedef void usb_input_fn(uint32_t device, uint32_t buttons);

// A device descriptor's fields the driver uses.
struct usb_device_desc {
    uint16_t vendor, product;
    uint8_t  class, subclass, protocol;
    uint8_t  max_packet0;                // EP0's packet size (8, 16, 32, 64; 512 is 9 on USB 3)
    uint8_t  configurations;
};

// What a configuration offers the console: the one function it will use.
enum usb_function_kind {
    USB_FN_NONE,                         // neither a HID interface nor a hub
    USB_FN_KEYBOARD,                     // a HID boot keyboard: read in the boot protocol
    USB_FN_HID,                          // another HID interface: its report descriptor says
    USB_FN_HUB,
};

struct usb_function {
    uint8_t  kind;                       // enum usb_function_kind
    uint8_t  config;                     // bConfigurationValue to set
    uint8_t  interface;                  // bInterfaceNumber
    uint8_t  class, subclass, protocol;  // the interface's (the first interface's for USB_FN_NONE)
    uint16_t report_length;              // HID: the report descriptor's bytes
    uint8_t  endpoint;                   // its interrupt IN endpoint's address
    uint16_t max_packet;                 // bytes per packet (bits 0-10)
    uint8_t  interval;                   // bInterval as the descriptor gives it
};

struct usb_hub_desc {
    uint8_t  ports;                      // bNbrPorts
    uint8_t  think_time;                 // TT think time, 0-3 (8 to 32 FS bit times)
    uint16_t power_on_ms;                // bPwrOn2PwrGood: port power to usable
};

// Reads a device descriptor (at least USB_FIRST_PACKET bytes give
// max_packet0; the rest needs all 18).  0, or the reason it is unusable.
const char *usb_parse_device(const uint8_t *d, uint32_t len, struct usb_device_desc *out);

// Reads a configuration descriptor with its interfaces, endpoints and HID
// descriptors (len bytes, which may be fewer than wTotalLength: what is
// missing is not read) and picks the function the console uses: the first
// HID boot keyboard interface, else the first other HID interface, else
// the first hub interface, each with an interrupt IN endpoint (alternate
// setting 0 only).  0, or the reason the descriptor is malformed, and
// *offset the byte where the fault lies.
const char *usb_parse_config(const uint8_t *d, uint32_t len, struct usb_function *out,
                             uint32_t *offset);

// Reads a hub descriptor (USB 2 or USB 3).  0, or the reason it is unusable.
const char *usb_parse_hub(const uint8_t *d, uint32_t len, struct usb_hub_desc *out);

// The route string of a device on port (1-15) of a hub whose route is
// parent_route and which sits tier hubs below the root (0: a hub on a root
// port).  -1 when the port does not fit a route string or the tree is too deep.
int32_t usb_route(uint32_t parent_route, uint32_t tier, uint32_t port);

// "full-speed" ...; "unknown-speed" for anything else.
const char *usb_speed_name(uint32_t speed);

#endif

// xHCI, the USB 3 host controller: for now only found on PCI and its
// capability registers reported; the driver proper is still to come.
#ifndef GENESIS_XHCI_H
#define GENESIS_XHCI_H

#include <stdint.h>

// PCI class of an xHCI controller.
#define XHCI_CLASS          0x0C         // serial bus controller
#define XHCI_SUBCLASS       0x03         // USB
#define XHCI_PROGIF         0x30         // xHCI

#define XHCI_WINDOW         0x10000      // mapped from BAR0: capability and operational registers

// Capability registers, read as aligned dwords (byte offsets).
#define XHCI_CAP_LENGTH     0x00         // bits 0-7: CAPLENGTH, 16-31: HCIVERSION (BCD)
#define XHCI_HCSPARAMS1     0x04         // MaxSlots 0-7, MaxIntrs 8-18, MaxPorts 24-31
#define XHCI_HCCPARAMS1     0x10         // AC64 bit 0, CSZ bit 2
#define XHCI_CAP_MIN        0x20         // the capability registers take at least this much
#define XHCI_HCC_AC64       0x1          // 64-bit DMA addresses
#define XHCI_HCC_CSZ        0x4          // 64-byte contexts, not 32

struct xhci_caps {
    uint8_t  caplength;                  // where the operational registers start
    uint16_t version;                    // BCD: 0x0100 is 1.00
    uint8_t  slots;                      // device slots
    uint16_t interrupters;
    uint8_t  ports;                      // root hub ports
    uint8_t  ac64;                       // 64-bit DMA addresses
    uint8_t  context_bytes;              // 32 or 64
};

// Decodes the three capability dwords.  0 when they cannot be a
// controller's: all ones (nothing answers) or a CAPLENGTH too short.
static inline int xhci_decode_caps(uint32_t length, uint32_t hcsparams1, uint32_t hccparams1,
                                   struct xhci_caps *caps)
{
    *caps = (struct xhci_caps){
        .caplength = length & 0xFF,
        .version = length >> 16,
        .slots = hcsparams1 & 0xFF,
        .interrupters = hcsparams1 >> 8 & 0x7FF,
        .ports = hcsparams1 >> 24,
        .ac64 = hccparams1 & XHCI_HCC_AC64,
        .context_bytes = hccparams1 & XHCI_HCC_CSZ ? 64 : 32,
    };
    return length != 0xFFFFFFFF && caps->caplength >= XHCI_CAP_MIN;
}

// Logs each xHCI controller pci_init found: its registers' address, version,
// ports, slots and context size.  Turns on its memory decoding and bus
// mastering; a controller it cannot map is logged and skipped.
void xhci_probe(void);

#endif

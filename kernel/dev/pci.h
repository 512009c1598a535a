// PCI: the devices the firmware configured, found once at boot, and their
// configuration space for the drivers (USB, sound).  Two ways reach that
// space: ECAM, where each function's 4 KiB lie in memory at an address the
// ACPI MCFG table gives, and configuration mechanism 1, two I/O ports.  ECAM
// is the only way to the extended space past byte 256 (PCI Express
// capabilities) and is what the firmware of any modern PC describes;
// mechanism 1 works on every PC chipset since the first PCI ones, for the
// first 256 bytes, so it is the fallback when there is no MCFG.
//
// pciscan.c holds the pure parts (address arithmetic, BAR decoding, the scan
// and the capability walk), which read configuration space through a
// function pointer so host tests run them over a fake one; pci.c is the thin
// hardware layer under them.
#ifndef GENESIS_PCI_H
#define GENESIS_PCI_H

#include <stdint.h>

// Configuration mechanism 1.
#define PCI_CAM_ADDRESS     0xCF8        // CONFIG_ADDRESS: which dword the next data access reaches
#define PCI_CAM_DATA        0xCFC        // CONFIG_DATA: that dword
#define PCI_CAM_ENABLE      0x80000000   // CONFIG_ADDRESS bit 31: a configuration cycle
#define PCI_CAM_SPACE       0x100        // bytes of a function it reaches

// ECAM: 4 KiB a function, 8 functions a device, 32 devices a bus.
#define PCI_ECAM_SPACE      0x1000       // bytes of a function
#define PCI_ECAM_BUS_SIZE   0x00100000   // 1 MiB a bus
#define PCI_ECAM_BUS_SHIFT  20
#define PCI_ECAM_DEV_SHIFT  15
#define PCI_ECAM_FN_SHIFT   12

#define PCI_BUSES           256
#define PCI_DEVICES         32           // devices on a bus
#define PCI_FUNCTIONS       8            // functions of a device

// Configuration header registers (dword offsets), common to every type.
#define PCI_ID              0x00         // vendor (bits 0-15), device (16-31)
#define PCI_COMMAND         0x04         // command (bits 0-15), status (16-31)
#define PCI_CLASS           0x08         // revision, prog-if, subclass, class (bits 24-31)
#define PCI_HEADER          0x0C         // bits 16-22: header type, bit 23: multifunction
#define PCI_BAR0            0x10         // the first base address register
#define PCI_BRIDGE_BUSES    0x18         // type 1: primary, secondary (bits 8-15), subordinate bus
#define PCI_CAP_POINTER     0x34         // types 0 and 1: bits 0-7, the first capability

#define PCI_VENDOR_NONE     0xFFFF       // what an absent function reads (the bus floats high)
#define PCI_HEADER_TYPE     0x7F
#define PCI_HEADER_MULTI    0x80         // function 0 says functions 1-7 may exist
#define PCI_HEADER_DEVICE   0            // an ordinary function: 6 BARs
#define PCI_HEADER_BRIDGE   1            // a PCI-to-PCI bridge: 2 BARs, a bus range behind it

#define PCI_CMD_IO          0x0001       // answers in I/O space
#define PCI_CMD_MEMORY      0x0002       // answers in memory space
#define PCI_CMD_MASTER      0x0004       // may start DMA
#define PCI_CMD_INTX_OFF    0x0400       // INTx# never asserted: an MSI device must not interrupt twice
#define PCI_STATUS_CAPS     0x0010       // status: a capability list exists

// Capabilities: a list of (id, next) byte pairs after the 64-byte header.
#define PCI_CAP_MIN         0x40         // first offset past the standard header
#define PCI_CAP_MAX_HOPS    48           // (256 - 64) / 4: more entries than fit means a loop
#define PCI_CAP_PM          0x01         // power management
#define PCI_PM_CONTROL      0x04         // from the capability: PMCSR (bits 0-15)
#define PCI_PM_STATE        0x0003       // PMCSR: D0 to D3hot
#define PCI_PM_PME_STATUS   0x8000       // PMCSR: write 1 to clear, so written back as 0
#define PCI_PM_WAKE_MS      10           // D3hot -> D0: the device may not answer sooner
#define PCI_CAP_MSI         0x05         // message signalled interrupts: a memory write, no pin
#define PCI_CAP_MSIX        0x11         // MSI-X: a table of messages in a BAR
#define PCI_MSI_ENABLE      0x0001       // message control (bits 16-31 of the capability's dword)
#define PCI_MSI_MULTIPLE    0x0070       // multiple message enable: 0 asks for one vector
#define PCI_MSI_64BIT       0x0080       // an address-high dword follows the low one
#define PCI_MSI_MASKABLE    0x0100       // per-vector mask bits after the data
#define PCI_MSI_ADDRESS     0x04         // from the capability: message address, bits 0-31
#define PCI_MSI_DATA32      0x08         // ... the data when the address is 32 bits
#define PCI_MSI_DATA64      0x0C         // ... the data after the address-high dword (0x08)
#define PCI_MSI_MASK32      0x0C         // ... the mask bits, with a 32-bit address
#define PCI_MSI_MASK64      0x10         // ... with a 64-bit one
#define PCI_MSIX_ENABLE     0x8000       // MSI-X message control: on (MSI then stays silent)
#define PCI_MSIX_MASK_ALL   0x4000       // ... function mask: every vector held back
#define PCI_MSIX_TABLE      0x04         // from the capability: table offset, BAR index in bits 0-2
#define PCI_MSIX_BIR        0x7
#define PCI_MSIX_ENTRY      16           // a table entry's bytes; its dwords:
#define PCI_MSIX_ADDRESS_LO 0            //   message address, bits 0-31
#define PCI_MSIX_ADDRESS_HI 1            //   ... bits 32-63
#define PCI_MSIX_DATA       2            //   message data
#define PCI_MSIX_CONTROL    3            //   vector control
#define PCI_MSIX_VECTOR_MASKED 0x1       // vector control bit 0: set from reset

// Base address registers.
#define PCI_MAX_BARS        6            // type 0; a bridge has 2
#define PCI_BRIDGE_BARS     2
#define PCI_BAR_IO_SPACE    0x1          // bit 0: I/O, not memory
#define PCI_BAR_IO_MASK     0xFFFFFFFCu  // I/O: bit 1 is reserved
#define PCI_BAR_MEM_TYPE    0x6          // memory: bits 1-2
#define PCI_BAR_MEM_32      0x0          //   anywhere in 4 GiB
#define PCI_BAR_MEM_1M      0x2          //   below 1 MiB (PCI 2.x; still a 32-bit address)
#define PCI_BAR_MEM_64      0x4          //   anywhere, the next BAR holds bits 32-63
#define PCI_BAR_PREFETCH    0x8          // memory: reads have no side effects
#define PCI_BAR_MEM_MASK    0xFFFFFFF0u

// What a BAR holds.
#define PCI_BAR_NONE        0            // absent from the device, unassigned (base 0), or the upper
                                         // half of the 64-bit BAR before it
#define PCI_BAR_IO          1
#define PCI_BAR_MEM32       2
#define PCI_BAR_MEM64       3
#define PCI_BAR_BAD         4            // a reserved memory type, or 64 bits in the last slot

#define PCI_MAX_DEVICES     64           // the table's size; more are counted and logged

struct pci_bar {
    uint8_t  kind;                       // PCI_BAR_*
    uint8_t  prefetch;                   // memory: prefetchable
    uint64_t base;                       // bus address (the CPU's physical address on a PC)
};

struct pci_device {
    uint8_t  bus, dev, fn;
    uint16_t vendor, device;
    uint8_t  class, subclass, progif;
    uint8_t  header;                     // header type, multifunction bit cleared
    uint8_t  bars;                       // BAR slots the header type has: 6, 2 or 0
    uint32_t bar_raw[PCI_MAX_BARS];      // as the firmware left them (pci_enable restores them)
    struct pci_bar bar[PCI_MAX_BARS];
};

// Reads the configuration dword at reg (a multiple of 4) of bus:dev.fn.
typedef uint32_t pci_read_fn(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t reg);

// ---- pure (pciscan.c) ----

// The offset of a configuration dword from the ECAM base: bus << 20 |
// dev << 15 | fn << 12 | reg.
uint32_t pci_ecam_offset(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t reg);

// The CONFIG_ADDRESS value of mechanism 1 for reg (< 256; bits 0-1 dropped).
uint32_t pci_cam_address(uint8_t bus, uint8_t dev, uint8_t fn, uint32_t reg);

// Decodes BAR i of the count raw dwords into *bar.  Returns the index of the
// next BAR: i + 2 after a 64-bit one, else i + 1.
int pci_decode_bar(const uint32_t *raw, int count, int i, struct pci_bar *bar);

// Finds the functions on bus_start and on every bus behind its bridges up to
// bus_end (firmware numbered them), each bus once, and stores the first max
// in table.  Returns how many it found, which may exceed max.
int pci_scan(pci_read_fn *read, uint8_t bus_start, uint8_t bus_end,
             struct pci_device *table, int max);

// The offset of d's first capability with id, or 0 when it has none; a
// pointer into the header or a list that loops is logged and ends the walk.
uint8_t pci_walk_capabilities(pci_read_fn *read, const struct pci_device *d, uint8_t id);

// ---- the hardware (pci.c) ----

// Scans through ECAM at ecam_base for buses bus_start..bus_end (the ACPI
// MCFG window), or through mechanism 1 for buses 0-255 when ecam_base is 0.
// Logs one line per function and a summary.  Call after mmu_init, at boot.
void pci_init(uint64_t ecam_base, uint8_t bus_start, uint8_t bus_end);

// The index-th function (from 0) with this class, subclass and prog-if, or
// 0 when there are not that many.
const struct pci_device *pci_find_class(uint8_t class, uint8_t subclass, uint8_t progif, int index);

// Configuration dwords of d.  reg must be a multiple of 4 below 4096 (a
// driver bug panics); through mechanism 1, past byte 255 reads all ones and
// writes are dropped.
uint32_t pci_read32(const struct pci_device *d, uint32_t reg);
void pci_write32(const struct pci_device *d, uint32_t reg, uint32_t value);

// The base address of d's BAR bar, or 0 when it has no usable one there.
uint64_t pci_bar_address(const struct pci_device *d, int bar);

// The offset of d's first capability with id, or 0.
uint8_t pci_find_capability(const struct pci_device *d, uint8_t id);

// Readies d for a driver: power state D0, BARs as the firmware left them,
// memory space and bus mastering on.
void pci_enable(const struct pci_device *d);

// Makes d interrupt by one MSI: a write of data to address (both as the
// interrupt controller wants them), its INTx# pin and MSI-X off.  -1, with
// nothing changed, when d has no MSI capability.
int pci_msi_enable(const struct pci_device *d, uint32_t address, uint16_t data);

// The same through MSI-X's first table entry, when the table lies in BAR 0
// within the first size bytes, which the driver mapped at bar0; its INTx#
// pin and MSI off.  -1, with nothing changed, when d has no MSI-X or its
// table lies elsewhere.
int pci_msix_enable(const struct pci_device *d, volatile uint8_t *bar0, uint32_t size,
                    uint32_t address, uint16_t data);

#endif

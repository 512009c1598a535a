// What the firmware says of the PC: the ACPI tables, read once at boot
// through a window of their own and parsed as hostile input (dev/acpi.c),
// and logged as the hardware section of the log (docs/hardware.md).
#ifndef GENESIS_PLATFORM_H
#define GENESIS_PLATFORM_H

#include <stdint.h>

#include "dev/acpi.h"

extern struct acpi_info acpi;            // zeroed when the tables are missing or unusable

// Logs the CPU, turns UMIP on where it has it, reads the ACPI tables from the RSDP at rsdp (0: none) and
// logs what was found.  damage (test only, BOOT.CFG acpi_damage): the
// signature of a table read damaged ("" for none), in its checksum or in
// its length (ACPI_DAMAGE_*).
void platform_init(uint64_t rsdp, const char *damage, int damage_kind);

#endif

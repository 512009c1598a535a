#!/usr/bin/env python3
"""Writes the seeds of the ACPI fuzzer (tests/fuzz/fuzz_acpi.c): for each
machine of tests/unit/acpi/, a memory image from address 0 holding the RSDP,
the machine's tables, an RSDT and, from RSDP revision 2, an XSDT; and one
whose MADT and MCFG repeat entries past the parser's limits, counts that
mutations seldom reach by themselves.

usage: acpi_seeds.py OUTDIR"""
import struct
import sys
from pathlib import Path

TABLES = Path(__file__).resolve().parent.parent / "unit" / "acpi"

# name: (RSDP revision, tables)
MACHINES = {
    "qemu-q35": (2, ["qemu-q35.FACP", "qemu-q35.APIC", "qemu-q35.HPET", "qemu-q35.MCFG"]),
    "qemu-q35-cphp": (2, ["qemu-q35.FACP", "qemu-q35-cphp.APIC"]),
    "qemu-pc": (0, ["qemu-pc.FACP", "qemu-q35.APIC"]),
    "asrock-g31m-s": (0, ["asrock-g31m-s.FACP", "asrock-g31m-s.APIC", "asrock-g31m-s.MCFG"]),
    "asrock-h77m": (2, ["asrock-h77m.APIC", "asrock-h77m.FACP", "asrock-h77m.HPET",
                        "asrock-h77m.MCFG"]),
}


def settle(b, length, at):
    """Sets byte `at` so that the first `length` bytes sum to zero."""
    b[at] = 0
    b[at] = -sum(b[:length]) % 256


def grown(name, *repeats):
    """Table `name` followed by more copies of some of its entries, each
    given as (offset, length, copies)."""
    t = bytearray((TABLES / name).read_bytes())
    for offset, length, copies in repeats:
        t += t[offset:offset + length] * copies
    struct.pack_into("<I", t, 4, len(t))
    settle(t, len(t), 9)
    return bytes(t)


def image(revision, tables):
    mem = bytearray(0x40)                       # the RSDP's place

    def place(table):
        pa = len(mem)
        mem.extend(table)
        mem.extend(bytes(-len(mem) % 16))
        return pa

    def root(sig, fmt, addresses):
        t = bytearray(36) + b"".join(struct.pack(fmt, a) for a in addresses)
        t[0:4] = sig
        struct.pack_into("<IB", t, 4, len(t), 1)
        t[10:16] = b"GENTST"
        settle(t, len(t), 9)
        return place(t)

    tables = [place(t) for t in tables]
    rsdt = root(b"RSDT", "<I", tables)
    xsdt = root(b"XSDT", "<Q", tables) if revision >= 2 else 0
    rsdp = bytearray(36)
    rsdp[0:8] = b"RSD PTR "
    rsdp[9:15] = b"GENTST"
    struct.pack_into("<BIIQ", rsdp, 15, revision, rsdt, 36, xsdt)
    settle(rsdp, 20, 8)
    settle(rsdp, 36, 32)
    mem[0:36] = rsdp
    return bytes(mem)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, (revision, names) in MACHINES.items():
        (out / name).write_bytes(image(revision, [(TABLES / n).read_bytes() for n in names]))
    # The q35 MADT's I/O APIC entry is at 52 (12 bytes), its first override at
    # 64 (10 bytes); the MCFG's entry at 44 (16 bytes).
    (out / "limits").write_bytes(image(2, [grown("qemu-q35.APIC", (52, 12, 8), (64, 10, 12)),
                                           grown("qemu-q35.MCFG", (44, 16, 8))]))


if __name__ == "__main__":
    main()

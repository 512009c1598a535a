#!/usr/bin/env python3
"""Turns the "Raw Table Data" hex blocks of an iasl/acpidump text dump back
into binary tables: each becomes OUTDIR/PREFIX.SIG.  A block whose byte count
differs from its stated length, or whose bytes do not sum to zero, is refused,
so a dump damaged in copying never becomes test data.

usage: acpidump2bin.py DUMP PREFIX [OUTDIR]"""
import re
import sys
from pathlib import Path

HEADER = re.compile(r"Raw Table Data: Length (\d+)")
HEXLINE = re.compile(r"^\s*[0-9A-Fa-f]{4}: ((?:[0-9A-Fa-f]{2} ?){1,16})")


def tables(text):
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = HEADER.search(line)
        if not m:
            continue
        data = bytearray()
        for row in lines[i + 1:]:
            if not row.strip() and not data:
                continue
            h = HEXLINE.match(row)
            if not h:
                break
            data += bytes.fromhex(h.group(1))
        yield int(m.group(1)), bytes(data)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    dump, prefix = Path(sys.argv[1]), sys.argv[2]
    outdir = Path(sys.argv[3]) if len(sys.argv) == 4 else Path(".")
    for length, data in tables(dump.read_text()):
        sig = data[:4].decode("ascii")
        if len(data) != length:
            sys.exit(f"{dump}: {sig} has {len(data)} bytes, its dump says {length}")
        if sum(data) % 256:
            sys.exit(f"{dump}: {sig} does not sum to zero")
        out = outdir / f"{prefix}.{sig}"
        out.write_bytes(data)
        print(f"{out}: {length} bytes")


if __name__ == "__main__":
    main()

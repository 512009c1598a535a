"""Kill lines that name the function (issue 15): a cartridge built with
SYMBOLS := yes carries its tasks' functions in the symbols section, and the
kernel puts the one holding the faulting EIP after it; an address no
function holds, or a cartridge without the section (every file written
before it existed), keeps the line as it was."""
import os
import re
import struct
import subprocess
import zlib

from genesis import BUILD, boot, cart_path, expect_clean_end, expect_no_leak, symbols

MKCART = os.path.join(BUILD, "mkcart")
CART_OBJ = os.path.join(BUILD, "obj", "cartridges", "tests", "carts")
SYMBOLS_WORDS = struct.Struct("<II")     # symbols_offset, symbols_size at byte 216


def functions(cart, letter):
    """name -> (address, size) of the sized functions in a test cartridge task's ELF."""
    out = subprocess.run(["readelf", "-sW", os.path.join(CART_OBJ, cart, letter + ".elf")],
                         capture_output=True, text=True, check=True).stdout
    found = {}
    for f in map(str.split, out.splitlines()):
        if len(f) == 8 and f[3] == "FUNC" and f[6] != "UND" and int(f[2], 0) > 0:
            found[f[7]] = (int(f[1], 16), int(f[2], 0))
    return found


def test_the_kill_line_names_the_function_and_the_offset_in_it():
    run = boot("symbols-named", carts=["symbols"], config="exit=idle\n")
    expect_clean_end(run)
    start, size = functions("symbols", "A")["store_score"]
    m = run.expect(r"task A: killed page fault vector=14 err=0x00000006 eip=0x([0-9a-f]{8}) "
                   r"\(store_score\+0x([0-9a-f]+)\) cr2=0x0000000c$")
    eip, offset = int(m.group(1), 16), int(m.group(2), 16)
    # The store comes after the print, inside the function.
    assert start < eip < start + size and offset == eip - start, run.describe()
    run.expect_order(r"task A: storing the score$", r"task A: killed page fault ")
    # B's ud2 sits two nops after a NASM label, which is no function: no name.
    assert "main" not in functions("symbols", "B")
    ud2 = symbols(os.path.join(CART_OBJ, "symbols", "B.elf"))["main"] + 2
    run.expect(rf"task B: killed invalid opcode vector=6 err=0x00000000 eip=0x{ud2:08x} "
               r"cr2=0x00000000$")
    expect_no_leak(run)


def test_a_cartridge_without_symbols_keeps_the_line_without_a_name():
    data = open(cart_path("crashloop"), "rb").read()
    assert SYMBOLS_WORDS.unpack_from(data, 216) == (0, 0)
    run = boot("symbols-none", carts=["crashloop"], config="exit=idle\n")
    expect_clean_end(run)
    run.expect(r"task A: killed page fault vector=14 err=0x00000006 eip=0x[0-9a-f]{8} "
               r"cr2=0x00000000$")
    run.expect(r"task B: killed invalid opcode vector=6 err=0x00000000 eip=0x[0-9a-f]{8} "
               r"cr2=0x00000000$")
    run.expect(r"task C: killed divide error vector=0 err=0x00000000 eip=0x[0-9a-f]{8} "
               r"cr2=0x00000000$")
    run.expect_none(r"killed .*\(")


def test_inspect_counts_the_symbols_and_verify_checks_them(tmp_path):
    path = cart_path("symbols")
    out = subprocess.run([MKCART, "inspect", path], capture_output=True, text=True, check=True).stdout
    count = len(functions("symbols", "A")) + len(functions("symbols", "B"))
    assert f"symbols: {count}\n" in out
    offset = int(re.search(r"symbols_offset: 0x([0-9a-f]{8})", out).group(1), 16)
    assert offset and offset % 4096 == 0
    # A newline in a name, with both CRCs made right again: only the
    # section's own check can catch it.
    data = bytearray(open(path, "rb").read())
    size = SYMBOLS_WORDS.unpack_from(data, 216)[1]
    names = offset + 4 + 16 * count
    assert data[names:offset + size].split(b"\0")[0] == b"store_score"
    data[names + 1] = 0x0a
    struct.pack_into("<I", data, 20, zlib.crc32(data[4096:]))
    struct.pack_into("<I", data, 16, 0)
    struct.pack_into("<I", data, 16, zlib.crc32(data[:4096]))
    bad = tmp_path / "bad.cart"
    bad.write_bytes(bytes(data))
    r = subprocess.run([MKCART, "verify", str(bad)], capture_output=True, text=True)
    assert r.returncode == 1
    assert "symbol[0].name: byte 1 is 0x0000000a, not printable ASCII" in r.stderr

"""kernel/gdb/i386stub.py against a stand-in for QEMU's x86_64 GDB stub:
what GDB sees (an i386 target description, 32-bit registers in i386
order) and what QEMU gets (its own 64-bit layout), without booting."""

import os
import socket
import subprocess
import tempfile
import threading

from genesis import ROOT

STUB = ROOT / "kernel" / "gdb" / "i386stub.py"

# QEMU 7.2's layout (gdb-xml/i386-64bit.xml): its registers in 'g' order,
# a commented-out one as QEMU has, and the description split with xi:include.
QEMU_REGS = ([(n, 64) for n in ("rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp")]
             + [(f"r{i}", 64) for i in range(8, 16)] + [("rip", 64), ("eflags", 32)]
             + [(n, 32) for n in ("cs", "ss", "ds", "es", "fs", "gs")]
             + [(n, 64) for n in ("fs_base", "gs_base", "k_gs_base", "cr0", "cr2", "cr3", "cr4", "cr8", "efer")]
             + [(f"st{i}", 80) for i in range(8)]
             + [(n, 32) for n in ("fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop")]
             + [(f"xmm{i}", 128) for i in range(16)] + [("mxcsr", 32)])
TARGET = '<target><architecture>i386:x86-64</architecture><xi:include href="core.xml"/></target>'
CORE = ('<feature name="org.gnu.gdb.i386.core"><!-- <reg name="ss_base" bitsize="64"/> -->'
        + "".join(f'<reg name="{n}" bitsize="{b}" type="int"/>' for n, b in QEMU_REGS) + "</feature>")


def checksum(body):
    return f"{sum(body) & 0xff:02x}".encode()


class FakeQemu:
    """Answers the packets the stub sends; keeps the 'g' registers and the
    packets it got."""

    def __init__(self, sock):
        self.sock = sock
        self.values = {name: (0x1111111100000000 | i * 0x01010101) & ((1 << bits) - 1)
                       for i, (name, bits) in enumerate(QEMU_REGS)}
        self.values["rip"] = 0xFFFFFFFF00100130
        self.values["cr3"] = 0x7000
        self.got = []
        threading.Thread(target=self.serve, daemon=True).start()

    def raw(self):
        return b"".join(self.values[n].to_bytes(b // 8, "little") for n, b in QEMU_REGS)

    def reply(self, body):
        if body.startswith(b"qSupported"):
            return b"PacketSize=1000;qXfer:features:read+;QStartNoAckMode+"
        if body.startswith(b"qXfer:features:read:"):
            annex, _, span = body[20:].partition(b":")
            text = (TARGET if annex == b"target.xml" else CORE).encode()
            offset, length = (int(x, 16) for x in span.split(b","))
            chunk = text[offset:offset + length]
            return (b"l" if offset + length >= len(text) else b"m") + chunk
        if body == b"g":
            return self.raw().hex().encode()
        if body.startswith(b"G"):
            data = bytes.fromhex(body[1:].decode())
            at = 0
            for name, bits in QEMU_REGS:
                self.values[name] = int.from_bytes(data[at:at + bits // 8], "little")
                at += bits // 8
            return b"OK"
        if body.startswith(b"p"):
            name, bits = QEMU_REGS[int(body[1:], 16)]
            return self.values[name].to_bytes(bits // 8, "little").hex().encode()
        if body.startswith(b"P"):
            number, _, value = body[1:].partition(b"=")
            name, bits = QEMU_REGS[int(number, 16)]
            self.values[name] = int.from_bytes(bytes.fromhex(value.decode()), "little")
            return b"OK"
        if body.startswith(b"m"):
            return b"cd5f"
        return b""

    def serve(self):
        buf = b""
        while True:
            data = self.sock.recv(65536)
            if not data:
                return
            buf += data
            while True:
                buf = buf.lstrip(b"+")
                end = buf.find(b"#")
                if not buf.startswith(b"$") or end < 0 or len(buf) < end + 3:
                    break
                body, buf = buf[1:end], buf[end + 3:]
                self.got.append(body)
                answer = self.reply(body)
                self.sock.sendall(b"+$" + answer + b"#" + checksum(answer))


class Gdb:
    """GDB's side: the stub as a child process on pipes."""

    def __init__(self, path):
        self.proc = subprocess.Popen(["/usr/bin/python3", str(STUB), path],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buf = b""

    def ask(self, body):
        self.proc.stdin.write(b"$" + body + b"#" + checksum(body))
        self.proc.stdin.flush()
        while True:
            self.buf = self.buf.lstrip(b"+")
            end = self.buf.find(b"#")
            if self.buf.startswith(b"$") and end >= 0 and len(self.buf) >= end + 3:
                body, self.buf = self.buf[1:end], self.buf[end + 3:]
                self.proc.stdin.write(b"+")
                self.proc.stdin.flush()
                return body
            self.buf += os.read(self.proc.stdout.fileno(), 65536)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def session():
    folder = tempfile.mkdtemp(prefix="i386stub-")
    path = os.path.join(folder, "qemu.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    gdb = Gdb(path)
    conn, _ = server.accept()
    return FakeQemu(conn), gdb


def u32(data, i):
    return int.from_bytes(data[4 * i:4 * i + 4], "little")


def test_gdb_gets_an_i386_description_and_no_no_ack_mode():
    qemu, gdb = session()
    assert b"QStartNoAckMode" not in gdb.ask(b"qSupported:multiprocess+")
    xml = b""
    while True:
        part = gdb.ask(b"qXfer:features:read:target.xml:%x,200" % len(xml))
        xml += part[1:]
        if part[:1] == b"l":
            break
    assert b"<architecture>i386</architecture>" in xml
    assert xml.index(b'name="eax"') < xml.index(b'name="ecx"') < xml.index(b'name="eip"')
    assert b'<reg name="cr3" bitsize="32"' in xml
    gdb.close()


def test_g_gives_the_low_halves_in_i386_order():
    qemu, gdb = session()
    data = bytes.fromhex(gdb.ask(b"g").decode())
    v = qemu.values
    # eax ecx edx ebx esp ebp esi edi eip eflags
    for i, name in enumerate(["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "rip", "eflags"]):
        assert u32(data, i) == v[name] & 0xFFFFFFFF, name
    assert u32(data, 8) == 0x00100130
    # 16 x 4 + 8 x 10 + 8 x 4 + 8 x 16 + 4, then cr0 cr2 cr3 cr4
    assert len(data) == 64 + 80 + 32 + 128 + 4 + 16
    assert int.from_bytes(data[-16:], "little") == (
        v["cr0"] & 0xFFFFFFFF | (v["cr2"] & 0xFFFFFFFF) << 32 | 0x7000 << 64 | (v["cr4"] & 0xFFFFFFFF) << 96)
    gdb.close()


def test_p_and_P_map_register_numbers():
    qemu, gdb = session()
    assert gdb.ask(b"p8") == (0x00100130).to_bytes(4, "little").hex().encode()     # eip
    assert gdb.ask(b"p2b") == (0x7000).to_bytes(4, "little").hex().encode()        # cr3, number 43
    assert gdb.ask(b"P1=78563412") == b"OK"                                      # ecx
    assert qemu.values["rcx"] == 0x12345678
    assert gdb.ask(b"p99")[:1] == b"E"
    gdb.close()


def test_G_writes_the_32_bit_values_into_qemus_layout():
    qemu, gdb = session()
    data = bytearray.fromhex(gdb.ask(b"g").decode())
    data[0:4] = (0xCAFEF00D).to_bytes(4, "little")                                 # eax
    data[32:36] = (0x05000010).to_bytes(4, "little")                               # eip
    rbx = qemu.values["rbx"]
    assert gdb.ask(b"G" + data.hex().encode()) == b"OK"
    assert qemu.values["rax"] == 0xCAFEF00D and qemu.values["rip"] == 0x05000010
    assert qemu.values["rbx"] == rbx & 0xFFFFFFFF
    gdb.close()


def test_other_packets_go_through():
    qemu, gdb = session()
    assert gdb.ask(b"m5000020,2") == b"cd5f"
    assert b"m5000020,2" in qemu.got
    gdb.close()

#!/usr/bin/python3
"""GDB's view of the 32-bit kernel: a go-between for QEMU's GDB stub.

QEMU's x86_64 CPU describes itself to GDB as an x86-64 machine in every
mode, with 64-bit registers, and GDB will not switch such a target to i386.
The kernel runs in 32-bit protected mode, so GDB would disassemble it as
64-bit code and decode frames with the 64-bit ABI.  This program sits
between them: to GDB it is an i386 target (eax..gs, the x87 and SSE
registers, and cr0, cr2, cr3, cr4, which the kernel's own commands and a
per-task breakpoint read); to QEMU it is GDB.  Register packets (g, G, p, P)
are translated, the target description is its own, every other packet goes
through as it is.

    target remote | python3 kernel/gdb/i386stub.py HOST:PORT   (or a UNIX socket path)

GDB talks to it on stdin/stdout, so GDB starts it and it ends with the session.
The layout of QEMU's registers is read from QEMU's own target description,
so another QEMU version with another order still maps by register name.
"""

import os
import re
import select
import socket
import sys

# What GDB sees, in its register order.  Sizes in bytes.  GDB's i386 code
# wants the core and SSE features under these names.
I386_REGS = (
    [(name, 4) for name in ("eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                            "eip", "eflags", "cs", "ss", "ds", "es", "fs", "gs")]
    + [(f"st{i}", 10) for i in range(8)]
    + [(name, 4) for name in ("fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop")]
    + [(f"xmm{i}", 16) for i in range(8)]
    + [("mxcsr", 4)]
    + [(name, 4) for name in ("cr0", "cr2", "cr3", "cr4")]
)

# The x86-64 register each i386 one is the low part of.
QEMU_NAME = {"eax": "rax", "ecx": "rcx", "edx": "rdx", "ebx": "rbx", "esp": "rsp",
             "ebp": "rbp", "esi": "rsi", "edi": "rdi", "eip": "rip"}


def eflags_type():
    bits = [("CF", 0), ("", 1), ("PF", 2), ("AF", 4), ("ZF", 6), ("SF", 7), ("TF", 8),
            ("IF", 9), ("DF", 10), ("OF", 11), ("NT", 14), ("RF", 16), ("VM", 17),
            ("AC", 18), ("VIF", 19), ("VIP", 20), ("ID", 21)]
    fields = "".join(f'<field name="{n}" start="{b}" end="{b}"/>' for n, b in bits)
    return f'<flags id="eflags32" size="4">{fields}</flags>'


def reg_xml(name, size):
    kind = {"esp": "data_ptr", "ebp": "data_ptr", "eip": "code_ptr", "eflags": "eflags32"}
    if name.startswith("st"):
        kind_name = "i387_ext"
    elif name.startswith("xmm"):
        kind_name = "vec128"
    else:
        kind_name = kind.get(name, "int32")
    group = ' group="float"' if name in ("fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg",
                                         "fooff", "fop") else ""
    return f'<reg name="{name}" bitsize="{size * 8}" type="{kind_name}"{group}/>'


def target_xml():
    regs = [reg_xml(n, s) for n, s in I386_REGS]
    vec = ('<vector id="v4f" type="ieee_single" count="4"/><vector id="v2d" type="ieee_double" count="2"/>'
           '<vector id="v16i8" type="int8" count="16"/><vector id="v8i16" type="int16" count="8"/>'
           '<vector id="v4i32" type="int32" count="4"/><vector id="v2i64" type="int64" count="2"/>'
           '<union id="vec128"><field name="v4_float" type="v4f"/><field name="v2_double" type="v2d"/>'
           '<field name="v16_int8" type="v16i8"/><field name="v8_int16" type="v8i16"/>'
           '<field name="v4_int32" type="v4i32"/><field name="v2_int64" type="v2i64"/>'
           '<field name="uint128" type="uint128"/></union>')
    return ('<?xml version="1.0"?><!DOCTYPE target SYSTEM "gdb-target.dtd">'
            '<target><architecture>i386</architecture>'
            '<feature name="org.gnu.gdb.i386.core">' + eflags_type() + "".join(regs[:32]) + '</feature>'
            '<feature name="org.gnu.gdb.i386.sse">' + vec + "".join(regs[32:41]) + '</feature>'
            '<feature name="org.genesis.i386.control">' + "".join(regs[41:]) + '</feature>'
            '</target>')


def expand(body):
    """A packet body with the protocol's run-length encoding undone: "c*n"
    stands for c repeated n - 29 more times."""
    out, i = bytearray(), 0
    while i < len(body):
        if body[i:i + 1] == b"*" and out and i + 1 < len(body):
            out += out[-1:] * (body[i + 1] - 29)
            i += 2
        else:
            out += body[i:i + 1]
            i += 1
    return bytes(out)


def checksum(body):
    return f"{sum(body) & 0xff:02x}".encode()


def frame(body):
    return b"$" + body + b"#" + checksum(body)


class Link:
    """One side of the conversation: packets in and out, acknowledged."""

    def __init__(self, read_fd, write):
        self.fd = read_fd
        self.write = write
        self.buf = b""

    def fill(self):
        data = os.read(self.fd, 65536)
        if not data:
            raise EOFError
        self.buf += data

    def items(self):
        """Complete items in the buffer: b"+", b"-", b"\\x03" or a packet body
        (as ("packet", body)).  Acknowledges each packet."""
        out = []
        while self.buf:
            c = self.buf[:1]
            if c in (b"+", b"-", b"\x03"):
                out.append(c)
                self.buf = self.buf[1:]
            elif c == b"$":
                end = self.buf.find(b"#")
                if end < 0 or len(self.buf) < end + 3:
                    break
                body = self.buf[1:end]
                self.buf = self.buf[end + 3:]
                self.write(b"+")
                out.append(("packet", body))
            else:
                self.buf = self.buf[1:]          # line noise between packets
        return out

    def send(self, body):
        self.write(frame(body))


class Proxy:
    def __init__(self, qemu_sock):
        self.qemu_sock = qemu_sock
        self.qemu = Link(qemu_sock.fileno(), qemu_sock.sendall)
        self.gdb = Link(sys.stdin.fileno(), self.write_gdb)
        self.pending = []                    # items already read from QEMU
        self.gdb_pending = []                # ... and from GDB
        self.xml = target_xml().encode()
        self.layout = None                   # QEMU name -> (offset, size, regnum)

    @staticmethod
    def write_gdb(data):
        os.write(sys.stdout.fileno(), data)

    def qemu_reply(self, watch_gdb=False):
        """The next packet from QEMU.  While waiting, a Ctrl-C from GDB goes on
        to QEMU (it stops a running guest)."""
        while True:
            while self.pending:
                item = self.pending.pop(0)
                if isinstance(item, tuple):
                    return expand(item[1])
            fds = [self.qemu.fd] + ([self.gdb.fd] if watch_gdb else [])
            ready, _, _ = select.select(fds, [], [])
            if self.gdb.fd in ready:
                self.gdb.fill()
                for item in self.gdb.items():
                    if item == b"\x03":
                        self.qemu_sock.sendall(b"\x03")
                    else:
                        self.gdb_pending.append(item)
            if self.qemu.fd in ready:
                self.qemu.fill()
                self.pending += self.qemu.items()

    def ask(self, body):
        self.qemu.send(body)
        return self.qemu_reply()

    # ---- QEMU's register layout ----------------------------------------------------

    def qemu_features(self, annex):
        text, offset = b"", 0
        while True:
            reply = self.ask(b"qXfer:features:read:%s:%x,ffb" % (annex.encode(), offset))
            if not reply or reply[:1] not in (b"m", b"l"):
                raise RuntimeError(f"QEMU gave no {annex}: {reply!r}")
            text += reply[1:]
            offset += len(reply) - 1
            if reply[:1] == b"l":
                break
        text = re.sub(r"<!--.*?-->", "", text.decode(), flags=re.S)
        regs = []
        for m in re.finditer(r'<xi:include href="([^"]+)"/>|<reg ([^>]*)>', text):
            if m.group(1):
                regs += self.qemu_features(m.group(1))
            else:
                attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
                regs.append((attrs["name"], int(attrs["bitsize"]) // 8, attrs.get("regnum")))
        return regs

    def load_layout(self):
        self.layout = {}
        offset, number = 0, 0
        for name, size, regnum in self.qemu_features("target.xml"):
            if regnum is not None:
                number = int(regnum)
            self.layout[name] = (offset, size, number)
            offset += size
            number += 1

    def qemu_reg(self, name):
        return self.layout.get(QEMU_NAME.get(name, name))

    # ---- translation -------------------------------------------------------------

    def read_all(self):
        """QEMU's 'g' reply as bytes."""
        reply = self.ask(b"g")
        return bytes.fromhex(reply.decode())

    def regs_g(self):
        raw = self.read_all()
        out = b""
        for name, size in I386_REGS:
            offset, qsize, _ = self.qemu_reg(name)
            out += raw[offset:offset + min(size, qsize)].ljust(size, b"\0")
        return out.hex().encode()

    def write_g(self, body):
        raw = bytearray(self.read_all())
        data = bytes.fromhex(body.decode())
        at = 0
        for name, size in I386_REGS:
            offset, qsize, _ = self.qemu_reg(name)
            raw[offset:offset + qsize] = data[at:at + size].ljust(qsize, b"\0")[:qsize]
            at += size
        return self.ask(b"G" + raw.hex().encode())

    def read_p(self, number):
        if number >= len(I386_REGS):
            return b"E45"
        name, size = I386_REGS[number]
        _, qsize, qnum = self.qemu_reg(name)
        reply = self.ask(b"p%x" % qnum)
        if reply[:1] == b"E":
            return reply
        return bytes.fromhex(reply.decode())[:size].ljust(size, b"\0").hex().encode()

    def write_p(self, number, value):
        if number >= len(I386_REGS):
            return b"E45"
        name, size = I386_REGS[number]
        _, qsize, qnum = self.qemu_reg(name)
        data = bytes.fromhex(value.decode()).ljust(qsize, b"\0")[:qsize]
        return self.ask(b"P%x=%s" % (qnum, data.hex().encode()))

    def features(self, body):
        annex, _, span = body[len(b"qXfer:features:read:"):].partition(b":")
        if annex != b"target.xml":
            return b"E00"
        offset, length = (int(x, 16) for x in span.split(b","))
        chunk = self.xml[offset:offset + length]
        return (b"l" if offset + length >= len(self.xml) else b"m") + chunk

    def answer(self, body):
        """The reply GDB gets for packet body."""
        if body.startswith(b"qXfer:features:read:"):
            return self.features(body)
        if body == b"g":
            return self.regs_g()
        if body.startswith(b"G"):
            return self.write_g(body[1:])
        if body.startswith(b"p"):
            return self.read_p(int(body[1:], 16))
        if body.startswith(b"P"):
            number, _, value = body[1:].partition(b"=")
            return self.write_p(int(number, 16), value)
        if body.startswith(b"QStartNoAckMode"):
            return b""                        # both sides keep acknowledging
        if body == b"k":
            self.qemu.send(body)
            raise EOFError
        self.qemu.send(body)
        runs = body[:1] in (b"c", b"s", b"C", b"S") or body.startswith(b"vCont;")
        while True:
            reply = self.qemu_reply(watch_gdb=runs)
            # Console output (monitor commands, qRcmd) comes as O packets before the answer.
            if reply[:1] == b"O" and reply != b"OK" and (runs or body.startswith(b"qRcmd")):
                self.gdb.send(reply)
                continue
            break
        if body.startswith(b"qSupported"):
            reply = b";".join(f for f in reply.split(b";") if not f.startswith(b"QStartNoAckMode"))
        return reply

    def run(self):
        self.ask(b"qSupported:xmlRegisters=i386")
        self.load_layout()
        while True:
            while not self.gdb_pending:
                self.gdb.fill()
                self.gdb_pending = self.gdb.items()
            item = self.gdb_pending.pop(0)
            if isinstance(item, tuple):
                self.gdb.send(self.answer(item[1]))
            elif item == b"\x03":
                self.qemu_sock.sendall(b"\x03")


def connect(where):
    if ":" in where:
        host, _, port = where.rpartition(":")
        return socket.create_connection((host or "localhost", int(port)))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(where)
    return sock


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: i386stub.py HOST:PORT | UNIX-SOCKET-PATH")
    try:
        Proxy(connect(sys.argv[1])).run()
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass
    except OSError as e:
        sys.exit(f"i386stub: {sys.argv[1]}: {e.strerror}")


if __name__ == "__main__":
    main()

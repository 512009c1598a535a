#!/usr/bin/env python3
"""Guest instruction counts of the kernel core's paths: one clock tick that
switches tasks, one round trip through a service that does nothing, one task
creation.

Method: QEMU's GDB stub single-steps the guest, one instruction per step
(interrupts held off while stepping), and the script counts the steps from
the path's first instruction to its end:
- tick: from the first instruction of the vector-32 handler, entered from a
  task in ring 3, to the first instruction of the next task in ring 3;
- service: from the task's `int` (the ticks service, which only reads a
  counter) to the instruction after it;
- creation: task_create() for the first task of the cartridge, from its
  first instruction to its return, log line included (serial only: the run
  has no display, so no drawing is counted).
Counts are exact; a `rep` instruction counts once per iteration, as QEMU
executes it.  The tick and the service give the same count on every run;
a creation varies by a few dozen instructions with the firmware's memory
map, which decides how far the page allocator searches.  The cartridge
is tests/carts/bench-tasks (A calls the service in a loop, B spins).  The
previous run's figures are kept in build/bench/tasks.json.
"""

import json
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "boot"))
from genesis import BUILD, boot, symbols  # noqa: E402

KERNEL = os.path.join(BUILD, "kernel.elf")
TASK_A = os.path.join(BUILD, "obj", "cartridges", "tests", "carts", "bench-tasks", "A.elf")
RESULTS = os.path.join(BUILD, "bench", "tasks.json")
FIGURES = [  # key, what, figure to beat (docs/abi.md) or None
    ("tick", "clock tick with a task switch, handler to next task in ring 3", 100),
    ("service", "no-op service round trip (int to the next instruction)", 60),
    ("create", "task creation (task_create: 13 pages cleared or filled, log line)", None),
]

# QEMU's x86-64 "g" packet: 16 general registers and RIP of 8 bytes each,
# then EFLAGS, CS, SS ... of 4.  Offsets in bytes.
RSP, RIP, CS = 7 * 8, 16 * 8, 16 * 8 + 8 + 4
KERNEL_CS = 0x08


class Gdb:
    """Just enough of the GDB remote protocol: breakpoints, continue, step,
    registers, memory."""

    def __init__(self, port, deadline):
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port))
                break
            except ConnectionRefusedError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.buf = b""
        self.acks = True
        self.command("QStartNoAckMode")
        self.acks = False

    def _packet(self):
        while True:
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start)
            if start >= 0 and end >= 0 and len(self.buf) >= end + 3:
                data = self.buf[start + 1:end]
                self.buf = self.buf[end + 3:]
                if self.acks:
                    self.sock.sendall(b"+")
                return data.decode()
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("GDB stub closed")
            self.buf += chunk

    def command(self, text):
        data = text.encode()
        self.sock.sendall(b"$%s#%02x" % (data, sum(data) & 0xFF))
        return self._packet()

    def reg(self, offset):
        regs = bytes.fromhex(self.command("g"))
        size = 8 if offset <= RIP else 4
        return int.from_bytes(regs[offset:offset + size], "little")

    def u32(self, address):
        return int.from_bytes(bytes.fromhex(self.command(f"m{address:x},4")), "little")

    def run_to(self, address, accept):
        """Continues until the guest reaches address with accept(self) true.
        QEMU stops at a breakpoint again when continued from it, so a
        rejected stop is stepped past with the breakpoint removed."""
        while True:
            assert self.command(f"Z0,{address:x},1") == "OK"
            self.command("c")
            assert self.command(f"z0,{address:x},1") == "OK"
            if self.reg(RIP) == address and accept(self):
                return
            self.command("s")

    def steps_until(self, done):
        """Single-steps until done(self); returns the number of steps."""
        steps = 0
        while not done(self):
            self.command("s")
            steps += 1
        return steps


def measure(g, kernel, task_a, results):
    # The first task_create, in the kernel (CS 0x08: not the firmware, which
    # may run code at the same address earlier).
    g.run_to(kernel["task_create"], lambda g: g.reg(CS) == KERNEL_CS)
    esp = g.reg(RSP)
    ret = g.u32(esp)
    results["create"] = g.steps_until(lambda g: g.reg(RIP) == ret and g.reg(RSP) == esp + 4)

    g.run_to(task_a["service"], lambda g: g.reg(CS) & 3 == 3)
    results["service"] = g.steps_until(lambda g: g.reg(RIP) == task_a["after"] and g.reg(CS) & 3 == 3)

    results["tick"] = tick_steps(g, kernel)


def tick_steps(g, kernel, stub="clock_stub"):
    """The steps of a tick that interrupted ring 3 (the CS the CPU pushed is
    at ESP + 4), once both tasks have run: the next one resumes rather than
    starts.  stub: the clock stub the kernel chose (arch/clock.asm)."""
    for _ in range(3):
        g.run_to(kernel[stub], lambda g: g.u32(g.reg(RSP) + 4) & 3 == 3)
        g.command("s")
    before = g.u32(kernel["current"])
    steps = g.steps_until(lambda g: g.reg(CS) & 3 == 3)
    assert g.u32(kernel["current"]) != before, "the tick did not switch tasks"
    return steps


def step_counts(name, cart, figures, measure, machine="q35", extra_args=("-vga", "none"),
                max_ticks=100):
    """Boots test cartridge cart on machine with QEMU's GDB stub and
    extra_args (by default no display), and runs measure(gdb, results),
    which fills results with the count of each of figures' keys; returns
    them.  The run ends after max_ticks clock ticks.  Exits with the run's
    log when it failed."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    results, errors = {}, []

    def worker():
        try:
            g = Gdb(port, time.monotonic() + 60)
            measure(g, results)
            g.command("D")
        except Exception as e:  # reported below, after QEMU has ended
            errors.append(e)

    thread = threading.Thread(target=worker)
    thread.start()
    # -S: the guest waits for the GDB stub; max_ticks ends the run afterwards.
    run = boot(name, carts=[cart], config=f"exit=never\nmax_ticks={max_ticks}\n", machine=machine,
               extra_args=["-S", "-gdb", f"tcp:127.0.0.1:{port}", *extra_args], timeout=600)
    thread.join()
    if errors or len(results) != len(figures):
        print(f"{name}: measurement failed: {errors}\n{run.describe()}")
        sys.exit(1)
    return results


def previous_results(path):
    """The figures a bench kept at path in its last run, or {} when there
    was none (or the file is damaged)."""
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def keep_results(path, results):
    """Keeps a bench's figures at path, for its next run to print beside its own."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(results, f)


def report(figures, results, path):
    """Prints each figure (key, what, figure to beat or None) beside the
    previous run's count, kept in the JSON file path, and keeps these."""
    previous = previous_results(path)
    for key, what, limit in figures:
        was = previous.get(key)
        line = f"{what}: {results[key]} instructions"
        line += f" (previous run: {was})" if was is not None else " (no previous run)"
        if limit:
            line += f", figure to beat: at most {limit}"
        print(line)
    keep_results(path, results)


def main():
    kernel, task_a = symbols(KERNEL), symbols(TASK_A)
    results = step_counts("bench-tasks", "bench-tasks", FIGURES,
                          lambda g, results: measure(g, kernel, task_a, results))
    report(FIGURES, results, RESULTS)


if __name__ == "__main__":
    main()

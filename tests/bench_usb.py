#!/usr/bin/env python3
"""What USB input costs and how fast it is (docs/usb.md#what-it-costs).

- usable: from `genesis: kernel ready` (xhci_start, just before it) to the
  first keyboard bound to the pad, in guest instructions and milliseconds
  of guest time.  QEMU counts instructions (-icount shift=0: one
  instruction is one nanosecond, and the TSC advances by one each), and
  the halt report gives the TSC counts.  A qemu-xhci with a usb-kbd, no
  PS/2 controller.
- latency: the clock tick at which a key reaches the pad page, and the
  first one whose frame shows the task's reaction (tests/carts/con_pad
  lights the button's square), counted from the tick in which the key was
  pressed, with the guest time those ticks bound; PS/2 and USB in one run (q35's 8042, and a usb-kbd bound to the
  display, so QEMU's sendkey reaches PS/2 and QMP's input-send-event the
  USB keyboard).  QEMU drops input while the guest is stopped, so GDB stops
  the guest right after a tick's work (at sched_tick, the poll done), lets
  it go on, and the key is sent at once: it lands early in that tick, the
  worst case for a poll, none for the controller's MSI, which reads it at
  once.  Breakpoints on input_ps2_byte and input_usb,
  then on compose_screen's return until it drew rows, read `ticks`.
- tick: the clock tick's instructions, single-stepped as in
  bench_tasks.py (handler entered from ring 3 to the next task in ring 3),
  on tests/carts/bench-tasks: no USB controller, a qemu-xhci polled with
  no device, with a keyboard bound; and the MSI that brings a key report,
  from its first instruction to the return to ring 3 (no tick reads keys
  any more).

The previous run's figures are kept in build/bench/usb.json.
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "boot"))
sys.path.insert(0, os.path.dirname(__file__))
from bench_tasks import (CS, KERNEL, RIP, RSP, keep_results, previous_results, step_counts,
                         tick_steps)  # noqa: E402
from genesis import BUILD, RUNS, Monitor, boot, symbols  # noqa: E402
from console import Qmp  # noqa: E402

RESULTS = os.path.join(BUILD, "bench", "usb.json")
XHCI = ["-device", "qemu-xhci,id=x"]
KEYBOARD = [*XHCI, "-device", "usb-kbd,bus=x.0"]
BOUND = (r"usb: keyboards and pads bound: 1; the first (\d+) ticks, (\d+) TSC counts after "
         r"polling began$")
REPEATS = 5
SETTLE_TICKS = 6
TICK_US = 10000                          # a clock tick at 100 Hz, in microseconds


def usable():
    run = boot("bench-usb-usable", carts=["con_pad"], config="exit=never\nmax_ticks=100\n",
               machine="q35,i8042=off", timeout=600,
               extra_args=["-vga", "none", "-icount", "shift=0,sleep=off", *KEYBOARD])
    m = run.find(BOUND)
    if run.exit_code != 33 or not m:
        print(f"bench_usb: the run failed\n{run.describe()}")
        sys.exit(1)
    return int(m.group(1)), int(m.group(2))


def wait_bound(g, kernel):
    """Runs the guest tick by tick until a keyboard is bound."""
    while g.u32(kernel["bound_count"]) == 0:
        g.run_to(kernel["sched_tick"], lambda g: True)
        g.command("s")


def continue_and(g, action):
    """Lets the guest go on, does action at once, and waits for it to stop."""
    g.sock.sendall(b"$c#63")
    action()
    return g._packet()


def ticks_to_reaction(g, kernel):
    """Runs the guest to the first frame that draws rows of the task's
    window, which con_pad changes only when a button's square lights up,
    and returns the tick count there: the frame that shows the task's
    reaction.  compose_screen returns the rows it drew."""
    while True:
        g.run_to(kernel["compose_screen"], lambda g: True)
        ret = g.u32(g.reg(RSP))
        g.run_to(ret, lambda g: True)
        if g.reg(0) > 0:                 # EAX
            return g.u32(kernel["ticks"])


def key_latency(g, kernel, entry, press, release):
    """(ticks to the pad page, ticks to the frame showing the task's
    reaction) for one key."""
    g.run_to(kernel["sched_tick"], lambda g: True)
    pressed = g.u32(kernel["ticks"])
    assert g.command(f"Z0,{kernel[entry]:x},1") == "OK"
    continue_and(g, press)
    assert g.command(f"z0,{kernel[entry]:x},1") == "OK" and g.reg(RIP) == kernel[entry]
    to_pad = g.u32(kernel["ticks"]) - pressed
    to_frame = ticks_to_reaction(g, kernel) - pressed
    # The key goes up again, with the guest running, before the next one.
    assert g.command(f"Z0,{kernel['sched_tick']:x},1") == "OK"
    continue_and(g, release)
    assert g.command(f"z0,{kernel['sched_tick']:x},1") == "OK"
    for _ in range(SETTLE_TICKS):
        g.command("s")
        g.run_to(kernel["sched_tick"], lambda g: True)
    return to_pad, to_frame


def latencies(name):
    kernel = symbols(KERNEL)
    qmp_path = os.path.join(RUNS, name, "qmp.sock")
    found = {}

    def measure(g, results):
        mon = Monitor(os.path.join(RUNS, name, "monitor.sock"), time.monotonic() + 60)
        qmp = Qmp(qmp_path)

        def usb_key(down):
            # QEMU refuses input while the guest is stopped, and GDB's
            # continue may not have been taken yet (sendkey queues its keys
            # on the guest's clock, so PS/2 needs no such wait).
            def send():
                while not qmp.execute("query-status")["running"]:
                    time.sleep(0.001)
                qmp.key("video0", "z", down)
            return send

        try:
            wait_bound(g, kernel)
            for source, entry, press, release in (
                    ("ps2", "input_ps2_byte", lambda: mon.command("sendkey z 30"), lambda: None),
                    ("usb", "input_usb", usb_key(True), usb_key(False))):
                found[source] = [key_latency(g, kernel, entry, press, release)
                                 for _ in range(REPEATS)]
                results[source] = 1
        finally:
            mon.close()
            qmp.sock.close()

    step_counts(name, "con_pad", [("ps2", "", None), ("usb", "", None)], measure, machine="q35",
                max_ticks=1000, extra_args=["-vga", "none", "-device", "VGA,id=video0",
                            "-qmp", f"unix:{qmp_path},server=on,wait=off",
                            *XHCI, "-device", "usb-kbd,bus=x.0,display=video0"])
    return found


def poll_steps(g, kernel):
    """The instructions of one xhci_poll call, from its first to its return."""
    g.run_to(kernel["xhci_poll"], lambda g: True)
    esp = g.reg(RSP)
    ret = g.u32(esp)
    return g.steps_until(lambda g: g.reg(RIP) == ret and g.reg(RSP) == esp + 4)


def tick_counts():
    kernel = symbols(KERNEL)
    counts = {}

    def none(g, results):
        results["tick-none"] = tick_steps(g, kernel)

    def polled(key, bound):
        def measure(g, results):
            if bound:
                wait_bound(g, kernel)
            # A controller gives the clock its tick work: the stub that calls it.
            results[f"tick-{key}"] = tick_steps(g, kernel, "clock_stub_work")
            results[f"poll-{key}"] = poll_steps(g, kernel)
        return measure

    counts.update(step_counts("bench-usb-tick-none", "bench-tasks", [("tick-none", "", None)],
                              none))
    for key, devices, bound in (("idle", XHCI, False), ("keyboard", KEYBOARD, True)):
        counts.update(step_counts(f"bench-usb-tick-{key}", "bench-tasks",
                                  [(f"tick-{key}", "", None), (f"poll-{key}", "", None)],
                                  polled(key, bound), extra_args=["-vga", "none", *devices]))
    return counts


def msi_with_key():
    """The MSI that brings a key's report (qemu-xhci interrupts by MSI-X):
    the guest stopped right after a tick's poll, the key sent as it goes
    on, and the interrupt stepped from its first instruction (xhci_stub)
    to the return to ring 3.  It must be the one that reads the key: the
    ticks no longer do."""
    kernel = symbols(KERNEL)
    name = "bench-usb-msi-report"

    def measure(g, results):
        mon = Monitor(os.path.join(RUNS, name, "monitor.sock"), time.monotonic() + 60)
        try:
            wait_bound(g, kernel)
            g.run_to(kernel["sched_tick"], lambda g: True)
            presses = kernel["pad_memory"] + 4 * (1 + 4)       # presses[PAD_A]
            before = g.u32(presses)
            assert g.command(f"Z0,{kernel['xhci_stub']:x},1") == "OK"
            continue_and(g, lambda: mon.command("sendkey z 30"))
            assert g.command(f"z0,{kernel['xhci_stub']:x},1") == "OK"
            assert g.reg(RIP) == kernel["xhci_stub"], "no MSI came"
            assert g.u32(g.reg(RSP) + 4) & 3 == 3, "the MSI did not interrupt ring 3"
            assert g.u32(presses) == before, "a tick read the key before its MSI"
            results["msi-report"] = g.steps_until(lambda g: g.reg(CS) & 3 == 3)
            assert g.u32(presses) == before + 1, "the stepped MSI did not read the key"
        finally:
            mon.close()

    return step_counts(name, "bench-tasks", [("msi-report", "", None)], measure,
                       extra_args=["-vga", "none", *KEYBOARD])


def main():
    previous = previous_results(RESULTS)

    def was(key):
        return f" (previous run: {previous[key]})" if key in previous else " (no previous run)"

    results = {}
    ticks, counts = usable()
    results["usable"] = counts
    print(f"kernel ready to the first USB keyboard usable: {counts} instructions, "
          f"{counts / 1e6:.2f} ms of guest time ({ticks} ticks){was('usable')}, "
          f"figure to beat: under 200 ms")

    found = latencies("bench-usb-latency")
    for source, label in (("ps2", "PS/2"), ("usb", "USB")):
        pads = [p for p, _ in found[source]]
        frames = [f for _, f in found[source]]
        results[f"{source}-pad"], results[f"{source}-frame"] = max(pads), max(frames)
        print(f"{label} key to the pad page: {min(pads)}-{max(pads)} ticks, to the first frame "
              f"showing the task's reaction: {statistics.median(frames):.0f} ticks (median of "
              f"{REPEATS}, {min(frames)} to {max(frames)}), at most "
              f"{max(frames) * TICK_US:,} us of guest time ({REPEATS} keys, each sent right after "
              f"a tick's poll){was(source + '-frame')}")

    counts = tick_counts()
    counts.update(msi_with_key())
    for key, what in (("tick-none", "clock tick with a task switch, no USB controller"),
                      ("tick-idle", "clock tick with a task switch, a qemu-xhci, no device"),
                      ("poll-idle", "... of which xhci_poll"),
                      ("tick-keyboard", "clock tick with a task switch, a qemu-xhci, a keyboard "
                                        "bound, no key"),
                      ("poll-keyboard", "... of which xhci_poll"),
                      ("msi-report", "the MSI that reads a key's report into the pad, from its "
                                     "first instruction to ring 3")):
        results[key] = counts[key]
        print(f"{what}: {counts[key]} instructions{was(key)}")

    keep_results(RESULTS, results)


if __name__ == "__main__":
    main()

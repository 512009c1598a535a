"""USB keyboards on the pad (issue 12, docs/usb.md): the xHCI driver on
QEMU's two controllers, on the root bus (registers above 4 GiB) and behind
a PCIe root port (below 4 GiB), a keyboard behind a hub, one plugged in and
out while the console runs, and a USB and a PS/2 keyboard together.

Each scenario boots tests/carts/con_pad, which logs "pad: <button> <count>"
for every press it sees in the pad page, and sends keys through QEMU: once
a USB keyboard exists, QEMU's sendkey goes to it rather than to PS/2.  The
presses counted must be exactly the strokes sent.
"""

import re
import time

from genesis import READY, boot
from console import BOUND, USB_ONLY, Qmp, hold, pause, qmp_path, wait_for, when_all

# The keys of the pad and the button each drives, as in test_console.
KEYS = [("up", "up"), ("kp_8", "up"), ("down", "down"), ("kp_2", "down"),
        ("left", "left"), ("kp_4", "left"), ("right", "right"), ("kp_6", "right"),
        ("z", "a"), ("spc", "a"), ("x", "b"), ("ret", "start"), ("kp_enter", "start")]
PAD_READY = r"task A: pad ready$"
PRESS = r"task A: pad: (\w+ \d+)$"
XHCI = (r"xhci: (?P<bdf>[0-9a-f:.]+) registers at 0x(?P<base>[0-9a-f]+) \(window 0x[0-9a-f]{8}\), "
        r"version 1\.00, (?P<ports>\d+) ports, \d+ slots, 32-byte contexts, \d+ interrupters, "
        r"64-bit addresses$")
RUNNING = r"xhci: {} running: ports 1-4 USB 3, 5-8 USB 2, 32 slots, 0 scratchpad buffers$"
NO_PS2 = r"kbd: no PS/2 controller \(the ACPI FADT says so\): only USB keyboards and pads drive the pad$"


def expected_presses(keys):
    """The con_pad lines a run of keys gives: each button's count goes up by one a key."""
    counts, lines = {}, []
    for _, button in keys:
        counts[button] = counts.get(button, 0) + 1
        lines.append(f"{button} {counts[button]}")
    return lines








def type_keys(keys):
    return [hold(key, 30) for key, _ in keys]


def run_keys(name, devices, machine=USB_ONLY, keys=KEYS, extra=(), ready=(PAD_READY, BOUND)):
    """Boots con_pad with these QEMU devices, types keys once the cartridge
    and the keyboard are ready, and stops at the last press."""
    last = expected_presses(keys)[-1]
    return boot(name, carts=["con_pad"], config="exit=never\n", machine=machine, timeout=90,
                stop_on=rf"task A: pad: {last}$",
                extra_args=["-vga", "none", *devices, *extra],
                triggers=[(READY, when_all(ready, *type_keys(keys)))])


def presses(run):
    return [m.group(1) for m in run.all(PRESS)]


def test_a_usb_keyboard_on_qemu_xhci_drives_the_pad():
    run = run_keys("usb-root", ["-device", "qemu-xhci,id=x", "-device", "usb-kbd,bus=x.0"])
    assert not run.timed_out, run.describe()
    assert presses(run) == expected_presses(KEYS), run.describe()
    xhci = run.expect(XHCI)
    # OVMF puts a root-bus xHCI's registers above 4 GiB: reached through PSE-36.
    assert int(xhci["base"], 16) >= 1 << 32, run.describe()
    run.expect(RUNNING.format(re.escape(xhci["bdf"])))
    bound = run.expect(BOUND)
    assert bound["port"] == "5" and bound["speed"] == "high-speed", run.describe()
    run.expect(NO_PS2)
    run.expect_none(r"usb: .*(ignored|failed|timed out)")
    run.expect_none(r"panic:")


def test_behind_a_pcie_root_port_the_registers_lie_below_4_gib():
    run = run_keys("usb-root-port", ["-device", "pcie-root-port,id=rp,chassis=1",
                                     "-device", "qemu-xhci,id=x,bus=rp",
                                     "-device", "usb-kbd,bus=x.0"])
    assert not run.timed_out, run.describe()
    assert presses(run) == expected_presses(KEYS), run.describe()
    xhci = run.expect(XHCI)
    assert int(xhci["base"], 16) < 1 << 32 and xhci["bdf"].startswith("01:"), run.describe()
    run.expect(BOUND)


def test_nec_usb_xhci_drives_the_pad():
    run = run_keys("usb-nec", ["-device", "nec-usb-xhci,id=x", "-device", "usb-kbd,bus=x.0"])
    assert not run.timed_out, run.describe()
    assert presses(run) == expected_presses(KEYS), run.describe()
    run.expect(r"pci: [0-9a-f:.]+ 1033:0194 class 0c\.03\.30 .*$")
    run.expect(BOUND)


HUB = (r"usb: port (?P<port>\d+) slot (?P<slot>\d+) full-speed 0409:55aa class 09 "
       r"\(hub, (?P<ports>\d+) ports\), ports powered$")


def test_a_keyboard_behind_a_hub_drives_the_pad():
    run = run_keys("usb-hub", ["-device", "qemu-xhci,id=x", "-device", "usb-hub,bus=x.0,port=1",
                               "-device", "usb-kbd,bus=x.0,port=1.3"], ready=(PAD_READY, BOUND))
    assert not run.timed_out, run.describe()
    assert presses(run) == expected_presses(KEYS), run.describe()
    hub = run.expect(HUB)
    bound = run.expect(BOUND)
    # QEMU's hub is a full-speed USB 1.1 hub with 8 ports: the keyboard
    # behind it runs at full speed, on the hub's port 3.
    assert hub["ports"] == "8", run.describe()
    assert bound["port"] == f"{hub['port']}.3" and bound["speed"] == "full-speed", run.describe()
    run.expect_order(HUB, BOUND)
    run.expect_none(r"usb: .*(ignored|failed|timed out)")


FREED = r"usb: slot {} freed, kernel pool (\d+) free pages, task pool (\d+) free pages$"
TYPED = [("z", "a"), ("x", "b"), ("ret", "start")]


def plug(device, options):
    return lambda mon, folder: mon.command(f"device_add usb-kbd,id={device},bus=x.0{options}")


def unplug(device):
    return lambda mon, folder: mon.command(f"device_del {device}")




def logged_n(pattern, count):
    """A trigger action: wait until count lines match pattern."""
    return lambda mon, folder: wait_for(folder, pattern, count)


def quit_qemu(mon, folder):
    """Ends the run: QEMU closes the monitor rather than answer."""
    mon.sock.sendall(b"quit\n")


def test_keyboards_plugged_in_and_out_while_the_console_runs():
    # No keyboard at boot: one on a root port, out, in again; one on the
    # hub's port 2, then the hub itself out with it.
    root, behind = BOUND.replace("[\\d.]+", "\\d+"), BOUND.replace("(?P<port>[\\d.]+)", r"6\.2")
    strokes = type_keys(TYPED)
    actions = [plug("k1", ""), logged_n(root, 1), *strokes, logged_n(PRESS.replace(r"\w+ \d+", "start 1"), 1),
               unplug("k1"), logged_n(r"usb: port \d+ slot \d+ 0627:0001 unplugged$", 1),
               plug("k2", ""), logged_n(root, 2), *strokes, logged_n(r"task A: pad: start 2$", 1),
               unplug("k2"), logged_n(r"usb: port \d+ slot \d+ 0627:0001 unplugged$", 2),
               plug("k3", ",port=2.2"), logged_n(behind, 1), *strokes,
               logged_n(r"task A: pad: start 3$", 1),
               lambda mon, folder: mon.command("device_del hub"),
               logged_n(FREED.format(r"\d+"), 4), quit_qemu]
    run = boot("usb-hotplug", carts=["con_pad"], config="exit=never\n", machine=USB_ONLY,
               timeout=120,
               extra_args=["-vga", "none", "-device", "qemu-xhci,id=x",
                           "-device", "usb-hub,bus=x.0,port=2,id=hub"],
               triggers=[(READY, when_all((PAD_READY, HUB), *actions))])
    assert not run.timed_out, run.describe()
    # Each stroke counted once, on whichever keyboard was there.
    assert presses(run) == expected_presses(TYPED * 3), run.describe()
    assert len(run.all(root)) == 2 and len(run.all(behind)) == 1, run.describe()
    # The hub took its keyboard with it.
    run.expect_order(r"usb: port 6 slot \d+ 0409:55aa unplugged$",
                     r"usb: port 6\.2 slot \d+ 0627:0001 unplugged$")
    # Every unplug gives its slot's pages back: after each of the first two
    # keyboards the same count, after the hub and its keyboard the hub's
    # three pages more (the cartridge's task holds the rest).
    freed = [int(m.group(1)) for m in run.all(FREED.format(r"\d+"))]
    assert len(freed) == 4 and freed[0] == freed[1] and freed[3] == freed[0] + 3, run.describe()
    run.expect_none(r"usb: .*(ignored|failed|timed out)")
    run.expect_none(r"panic:")






def usb_tap(qmp, qcode, ms=30):
    """A stroke on the keyboard bound to display video0 (the USB one)."""
    def act(mon, folder):
        qmp[0].key("video0", qcode, True)
        time.sleep(ms / 1000)
        qmp[0].key("video0", qcode, False)
        time.sleep(ms / 1000 + 0.1)
    return act


def test_a_ps2_and_a_usb_keyboard_drive_one_pad():
    name = "usb-and-ps2"
    qmp = []
    connect = lambda mon, folder: qmp.append(Qmp(qmp_path(name)))  # noqa: E731
    # A on each keyboard in turn, B likewise, start; then A held on PS/2
    # while A is tapped on USB: each keyboard's own strokes count.
    strokes = [hold("z", 30), usb_tap(qmp, "z"), hold("x", 30), usb_tap(qmp, "x"),
               usb_tap(qmp, "ret"), hold("ret", 30),
               lambda mon, folder: mon.command("sendkey z 800"), pause(0.2), usb_tap(qmp, "z"),
               pause(0.8)]
    expected = ["a 1", "a 2", "b 1", "b 2", "start 1", "start 2", "a 3", "a 4"]
    try:
        run = boot(name, carts=["con_pad"], config="exit=never\n", machine="q35", timeout=90,
                   stop_on=r"task A: pad: a 4$",
                   extra_args=["-vga", "none", "-device", "VGA,id=video0",
                               "-qmp", f"unix:{qmp_path(name)},server=on,wait=off",
                               "-device", "qemu-xhci,id=x",
                               "-device", "usb-kbd,bus=x.0,display=video0"],
                   triggers=[(READY, when_all((PAD_READY, BOUND), connect, *strokes))])
    finally:
        for q in qmp:
            q.sock.close()
    assert not run.timed_out, run.describe()
    assert presses(run) == expected, run.describe()
    run.expect(r"kbd: PS/2 keyboard on vector 33 \(.+\)$")
    run.expect(BOUND)


IGNORED = r"usb: port \d+ slot \d+: {}, device ignored$"


def test_devices_the_pad_cannot_use_are_logged_and_left_alone(tmp_path):
    # A tablet and a mouse (HID, but no keyboard or pad in their report
    # descriptors) and a storage stick beside the keyboard, on a controller
    # given scratchpad buffers it did not ask for (BOOT.CFG, for tests).
    stick = tmp_path / "stick.img"
    stick.write_bytes(bytes(1 << 20))
    keys = KEYS[:4]
    run = boot("usb-others", carts=["con_pad"], config="exit=never\nxhci_scratchpads=4\n",
               machine=USB_ONLY, timeout=90, stop_on=rf"task A: pad: {expected_presses(keys)[-1]}$",
               extra_args=["-vga", "none", "-device", "qemu-xhci,id=x",
                           "-device", "usb-tablet,bus=x.0", "-device", "usb-mouse,bus=x.0",
                           "-drive", f"if=none,id=stick,format=raw,file={stick}",
                           "-device", "usb-storage,bus=x.0,drive=stick",
                           "-device", "usb-kbd,bus=x.0"],
               triggers=[(READY, when_all((PAD_READY, BOUND), *type_keys(keys)))])
    assert not run.timed_out, run.describe()
    assert presses(run) == expected_presses(keys), run.describe()
    run.expect(r"xhci: 00:01\.0 asks for 0 scratchpad buffers, given 4 \(xhci_scratchpads, "
               r"for tests\)$")
    run.expect(RUNNING.replace("0 scratchpad", "4 scratchpad").format(r"00:01\.0"))
    hid = "report descriptor: neither a keyboard nor a pad with a hat, stick or buttons at byte \\d+"
    assert len(run.all(IGNORED.format(hid))) == 2, run.describe()
    run.expect(IGNORED.format(r"super-speed 46f4:0001 class 08, not a keyboard, pad or hub"))
    assert len(run.all(FREED.format(r"\d+"))) == 3, run.describe()
    run.expect(BOUND)


# ---- interrupts (docs/usb.md#interrupts) ----------------------------------------------

BY_MESSAGE = (r"xhci: (?P<bdf>[0-9a-f:.]+) interrupts by (?P<way>MSI-X|MSI) on vector 48 "
              r"\(address 0xfee0[0-9a-f]{2}00\), polled every tick for its timers$")
NO_MESSAGE = r"xhci: (?P<bdf>[0-9a-f:.]+) no MSI or MSI-X, polled every tick$"
READ = (r"xhci: {} reports that changed a button: (?P<msi>\d+) read by its MSI, (?P<tick>\d+) "
        r"by the tick's poll$")
MSIS = r"xhci: (?P<count>\d+) MSIs on vector 48, (?P<idle>\d+) of them with nothing pending \(ignored\)$"
LATE = r"xhci: [0-9a-f:.]+ its MSI did not come within a tick: polled every tick from now on$"
STRAY = r"xhci: vector 48 raised with nothing pending \(selftest=usbmsi\)$"
# A run that ends on its own, so the halt report counts who read the reports.
HALT_TICKS = 1000


def run_to_halt(name, devices, keys, config="", ready=(PAD_READY, BOUND), actions=()):
    run = boot(name, carts=["con_pad"], config=f"exit=never\nmax_ticks={HALT_TICKS}\n{config}",
               machine=USB_ONLY, timeout=90, extra_args=["-vga", "none", *devices],
               triggers=[(READY, when_all(ready, *actions, *type_keys(keys)))])
    run.expect_exit(33)
    return run


def reads(run, bdf):
    m = run.expect(READ.format(re.escape(bdf)))
    return int(m["msi"]), int(m["tick"])


def test_a_usb_key_reaches_the_pad_by_msi_x_before_the_next_tick():
    # qemu-xhci has MSI-X only.  Every key report is read by the handler of
    # its interrupt: none waited for a tick's poll.
    keys = KEYS[:4]
    run = run_to_halt("usb-msix", ["-device", "qemu-xhci,id=x", "-device", "usb-kbd,bus=x.0"],
                      keys)
    assert presses(run) == expected_presses(keys), run.describe()
    on = run.expect(BY_MESSAGE)
    assert on["way"] == "MSI-X", run.describe()
    by_msi, by_tick = reads(run, on["bdf"])
    # A stroke changes the buttons twice: the key down, then up.
    assert (by_msi, by_tick) == (2 * len(keys), 0), run.describe()
    assert int(run.expect(MSIS)["count"]) >= by_msi, run.describe()
    run.expect_order(BY_MESSAGE, READY)
    run.expect_none(NO_MESSAGE)
    run.expect_none(LATE)


def test_a_usb_key_reaches_the_pad_by_msi_before_the_next_tick():
    keys = KEYS[4:8]
    run = run_to_halt("usb-msi", ["-device", "nec-usb-xhci,id=x,msi=on,msix=off",
                                  "-device", "usb-kbd,bus=x.0"], keys)
    assert presses(run) == expected_presses(keys), run.describe()
    on = run.expect(BY_MESSAGE)
    assert on["way"] == "MSI", run.describe()
    assert reads(run, on["bdf"]) == (2 * len(keys), 0), run.describe()


def test_without_msi_the_tick_polls_the_keyboard():
    keys = KEYS[8:]
    run = run_to_halt("usb-no-msi", ["-device", "nec-usb-xhci,id=x,msi=off,msix=off",
                                     "-device", "usb-kbd,bus=x.0"], keys)
    assert presses(run) == expected_presses(keys), run.describe()
    off = run.expect(NO_MESSAGE)
    assert reads(run, off["bdf"]) == (0, 2 * len(keys)), run.describe()
    m = run.expect(MSIS)
    assert (m["count"], m["idle"]) == ("0", "0"), run.describe()
    run.expect_none(BY_MESSAGE)


def test_a_stray_msi_is_counted_and_changes_nothing():
    # A controller with nothing attached: no event ever, so the one MSI the
    # selftest raises is the only one, finds nothing, and the run goes on
    # to its last tick.
    run = boot("usb-msi-stray", config="exit=never\nmax_ticks=300\nselftest=usbmsi\n",
               machine=USB_ONLY, timeout=90, extra_args=["-vga", "none", "-device", "qemu-xhci"])
    run.expect_exit(33)
    run.expect_order(BY_MESSAGE, READY, STRAY, r"genesis: max_ticks reached, ticks=300$")
    m = run.expect(MSIS)
    assert (m["count"], m["idle"]) == ("1", "1"), run.describe()
    run.expect_none(r"panic:|killed")


def test_after_a_stray_msi_the_keyboard_still_interrupts():
    # The stray MSI's EOI was sent: had it not been, vector 48 would stay
    # in service at the LAPIC and no later MSI would be taken, leaving the
    # reports to the tick.
    keys = KEYS[:3]
    run = run_to_halt("usb-msi-stray-keys", ["-device", "qemu-xhci,id=x",
                                             "-device", "usb-kbd,bus=x.0"], keys,
                      config="selftest=usbmsi\n")
    run.expect(STRAY)
    assert presses(run) == expected_presses(keys), run.describe()
    assert reads(run, run.expect(BY_MESSAGE)["bdf"]) == (2 * len(keys), 0), run.describe()
    assert int(run.expect(MSIS)["idle"]) >= 1, run.describe()


def test_when_the_msi_never_arrives_the_tick_takes_over():
    # xhci_msi=off: the MSI set up but never sent (USBCMD.INTE left off).
    # Enumeration needs no MSI (the tick reads the answers to its own
    # requests).  The first key's report, found by a tick, is left to the
    # MSI; still there at the next tick, the driver says so once and polls
    # from then on: every key counted.
    keys = KEYS[:4]
    run = run_to_halt("usb-msi-lost", ["-device", "qemu-xhci,id=x", "-device", "usb-kbd,bus=x.0"],
                      keys, config="xhci_msi=off\n")
    assert presses(run) == expected_presses(keys), run.describe()
    on = run.expect(BY_MESSAGE)
    assert len(run.all(LATE)) == 1, run.describe()
    run.expect_order(BY_MESSAGE, BOUND, LATE, r"task A: pad: up 1$")
    assert reads(run, on["bdf"]) == (0, 2 * len(keys)), run.describe()
    m = run.expect(MSIS)
    assert (m["count"], m["idle"]) == ("0", "0"), run.describe()

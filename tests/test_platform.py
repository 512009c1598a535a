"""Modern UEFI PCs, part 1 (docs/hardware.md): the clock chosen by measuring
it, the ACPI tables read as hostile input, memory above 4 GiB."""

import re

import pytest

from genesis import EXITED, boot, expect_clean_end, expect_no_leak

MEASURED = r"measured (\d+) Hz against the ACPI PM timer$"
PIT = r"clock: vector 32 from the PIT at 100 Hz, " + MEASURED
HPET = r"clock: vector 32 from HPET timer 0 \(legacy replacement\) at 100 Hz, " + MEASURED
LAPIC = r"clock: vector 32 from the LAPIC timer at 100 Hz \(\d+ counts a tick, calibrated\), " + MEASURED
NO_PIT = r"clock: the PIT does not tick \(measured 0 Hz against the ACPI PM timer\)$"
READER_FROM = r"clock: vector 40 \(the reader\) from {}$"
FPS = 64
TICKS = 300

# name: machine, the clock's line, who paces the reader, whether the PIT ticks
CLOCKS = {
    "pit-q35": ("q35", PIT, "the RTC", True),
    "pit-pc": ("pc", PIT, "the RTC", True),
    "hpet": ("q35,pit=off,i8042=off,hpet=on", HPET, "HPET timer 1", False),
    "lapic": ("q35,pit=off,hpet=off", LAPIC, "the RTC", False),
}


@pytest.mark.parametrize("name", CLOCKS)
def test_the_clock_is_measured_and_paces_the_reader(name):
    # In the host's time, as on a PC: under -icount QEMU 7.2's HPET fires
    # twice as often as its PM timer counts, so the rates are checked here.
    machine, clock, pacer, pit_ticks = CLOCKS[name]
    run = boot(f"platform-clock-{name}", carts=["hello4"], machine=machine,
               config=f"exit=never\nmax_ticks={TICKS}\nfps={FPS}\n")
    expect_clean_end(run)
    rate = int(run.expect(clock).group(1))
    assert 80 <= rate <= 125, f"the clock measured {rate} Hz\n{run.describe()}"
    run.expect(READER_FROM.format(pacer))
    if pit_ticks:
        run.expect_none(NO_PIT)
    else:
        run.expect(NO_PIT)
    run.expect(rf"genesis: max_ticks reached, ticks={TICKS}$")
    # The reader's interrupts at its rate: FPS a second for TICKS ticks.
    interrupts = int(run.expect(rf"genesis: {TICKS} clock ticks, (\d+) reader interrupts$").group(1))
    expected = FPS * TICKS // 100
    assert expected * 0.8 <= interrupts <= expected * 1.2, \
        f"{interrupts} reader interrupts, {expected} expected\n{run.describe()}"


@pytest.mark.parametrize("name", CLOCKS)
def test_four_tasks_switch_round_robin_on_every_clock(name):
    # trace=on logs each switch: while all four tasks live, the clock hands
    # the CPU from each to the next letter, whatever the host's speed.
    machine = CLOCKS[name][0]
    run = boot(f"platform-tasks-{name}", carts=["roundrobin"], machine=machine,
               config=f"exit=idle\nmax_ticks={TICKS}\ntrace=on\n")
    expect_clean_end(run)
    run.expect(rf"genesis: max_ticks reached, ticks={TICKS}$")
    first_end = next(i for i, line in enumerate(run.lines) if re.match(rf"task [ABC]: {EXITED}", line))
    targets = [m.group(1) for m in map(re.compile(r"trace: tick=\d+ switch \S+ -> ([ABCD])$").match,
                                       run.lines[:first_end]) if m]
    assert len(targets) >= 12, run.describe()
    order = "ABCD"
    for a, b in zip(targets, targets[1:]):
        assert order.index(b) == (order.index(a) + 1) % 4, \
            f"switches out of round-robin order: {''.join(targets)}\n{run.describe()}"


@pytest.mark.parametrize("name", ["hpet", "lapic"])
def test_the_reader_misses_no_frame_without_the_pit(name):
    # 16 frames a second leave every woken task time to run before the
    # next frame, in the host's time.
    machine = CLOCKS[name][0]
    run = boot(f"platform-reader-{name}", carts=["reader_stress"], machine=machine,
               config="exit=idle\nfps=16\n", extra_args=["-vga", "none"], timeout=180)
    expect_clean_end(run)
    for letter in "ABCD":
        counters = [int(m.group(1)) for m in run.all(rf"task {letter}: frame (\d+) sum [0-9a-f]{{8}}$")]
        assert len(counters) == 240, f"task {letter}: {len(counters)} frames\n{run.describe()}"
        steps = [(b - a) % 256 for a, b in zip(counters, counters[1:])]
        assert steps == [1] * len(steps), f"task {letter} skipped frames\n{run.describe()}"
        run.expect(rf"task {letter}: {EXITED}")
    expect_no_leak(run)


def test_a_pse36_window_reaches_ram_above_4_gib():
    run = boot("platform-highmem", machine="q35", memory="6G", config="exit=idle\nselftest=highmem\n")
    expect_clean_end(run)
    m = run.expect(r"genesis: selftest=highmem wrote and read 4096 bytes at 0x([0-9a-f]+) through "
                   r"window 0x[0-9a-f]{8}: (\d+) words wrong$")
    assert int(m.group(1), 16) >= 1 << 32, run.describe()
    assert m.group(2) == "0", run.describe()


def test_without_ram_above_4_gib_the_selftest_says_so():
    run = boot("platform-no-highmem", machine="q35", memory="512M",
               config="exit=idle\nselftest=highmem\n")
    expect_clean_end(run)
    run.expect(r"genesis: selftest=highmem finds no RAM above 4 GiB$")


ADDRESS = r"0x[0-9a-f]{16}"
# BOOT.CFG acpi_damage: what the parser must say, and what the kernel does
# without the table.
DAMAGE = {
    "APIC": (rf"acpi: APIC at {ADDRESS} bad checksum, ignored$", r"ioapic: 0xfec00000, 24 redirection entries masked$"),
    "HPET:length": (rf"acpi: HPET at {ADDRESS} has length 4294967280, out of bounds, ignored$",
                    PIT),
    "FACP": (rf"acpi: FACP at {ADDRESS} bad checksum, ignored$",
             r"clock: measuring against the HPET counter$"),
    "MCFG:length": (rf"acpi: MCFG at {ADDRESS} has length 4294967280, out of bounds, ignored$",
                    PIT),
    "XSDT": (rf"acpi: XSDT at {ADDRESS} bad checksum, ignored$",
             r"acpi: RSDP revision 2, OEM BOCHS , RSDT at 0x[0-9a-f]+$"),
    "RSDP": (rf"acpi: RSDP at {ADDRESS} bad checksum$",
             r"clock: vector 32 from the PIT at 100 Hz, \d+ interrupts seen, no reference to time them$"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_acpi_table_is_logged_ignored_and_the_console_runs(damage):
    said, then = DAMAGE[damage]
    run = boot(f"platform-acpi-{damage.replace(':', '-')}", carts=["hello"],
               config=f"exit=idle\nacpi_damage={damage}\n")
    expect_clean_end(run)
    run.expect(said)
    run.expect(then)
    run.expect(r"task A: Hello, world! This is a Genesis cartridge\.$")
    run.expect(rf"task A: {EXITED}")


# A qemu-xhci on the root bus gets its registers at 0xE0_0000_0000 from OVMF:
# only a PSE-36 window reaches them.  Behind a PCIe root port it lands below
# 4 GiB.  -machine pc has no ECAM: configuration mechanism 1.
XHCI = {
    "root-bus": ("q35", ["-device", "qemu-xhci"],
                 r"pci: 6 devices on buses 0-255 through ECAM at 0xb0000000$",
                 r"xhci: 00:02\.0 registers at 0xe000000000 \(window 0xc[0-9a-f]{7}\), version 1\.00, "
                 r"8 ports, 64 slots, 32-byte contexts, 16 interrupters, 64-bit addresses$"),
    "root-port": ("q35", ["-device", "pcie-root-port,id=rp", "-device", "qemu-xhci,bus=rp"],
                  r"pci: 7 devices on buses 0-255 through ECAM at 0xb0000000$",
                  r"xhci: 01:00\.0 registers at 0xc[0-9a-f]{7} \(window 0xc[0-9a-f]{7}\), version 1\.00, "
                  r"8 ports, 64 slots, 32-byte contexts, 16 interrupters, 64-bit addresses$"),
    "pc": ("pc", ["-device", "qemu-xhci"],
           r"pci: 6 devices on buses 0-255 through configuration mechanism 1$",
           r"xhci: 00:03\.0 registers at 0xe000000000 \(window 0xc[0-9a-f]{7}\), version 1\.00, "
           r"8 ports, 64 slots, 32-byte contexts, 16 interrupters, 64-bit addresses$"),
}


@pytest.mark.parametrize("name", XHCI)
def test_pci_finds_the_xhci_and_its_registers_are_read_wherever_they_are(name):
    machine, devices, summary, xhci = XHCI[name]
    run = boot(f"platform-xhci-{name}", carts=["hello"], machine=machine, config="exit=idle\n",
               extra_args=devices)
    expect_clean_end(run)
    run.expect(r"pci: [0-9a-f]{2}:[0-9a-f]{2}\.0 1b36:000d class 0c\.03\.30 BAR0 mem64 0x[0-9a-f]+$")
    run.expect(summary)
    run.expect(xhci)

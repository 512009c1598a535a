"""The ROM window (issue 16): the inserted cartridge's header, palette and
frames, mapped read-only into each of its tasks at the addresses of
cartridges/sdk/genesis.h.  The tasks of tests/carts/rom_* read it and log
what they saw; the expected bytes come from the built cartridge files.
"""

from genesis import EXITED, Cart, boot, defines, expect_no_leak

SDK = defines("cartridges/sdk/genesis.h")
ROM, PALETTE = SDK["GENESIS_ROM_ADDR"], SDK["GENESIS_ROM_PALETTE_ADDR"]
FRAME = SDK["GENESIS_FRAME_SIZE"]
# A user read of an unmapped page, a user write to a read-only one.
READ_UNMAPPED, WRITE_READ_ONLY = 0x4, 0x7


def fnv(data, h=2166136261):
    for byte in data:
        h = (h ^ byte) * 16777619 & 0xFFFFFFFF
    return h


def rom_line(name):
    """The line task A of tests/carts/rom_art logs for cartridge name."""
    cart = Cart(name)
    frames, colours = cart.header["frames"], cart.header["palette"]
    art = b"".join(cart.frames) + bytes(c for rgb in cart.palette[:colours] for c in rgb)
    return rf"task A: rom: frames={frames} colors={colours} sum={fnv(art):08x}$"


def killed(letter, err, cr2):
    return rf"task {letter}: killed page fault vector=14 err=0x{err:08x} eip=0x[0-9a-f]{{8}} " \
           rf"cr2=0x{cr2:08x}$"


def test_tasks_read_the_art_and_die_writing_it_or_reading_past_it():
    # repeat=1: the window is mapped again for the second round's tasks,
    # and the first round's tables are all given back.
    run = boot("rom-art", carts=["rom_art"], config="exit=idle\nrepeat=1\n")
    cart = Cart("rom_art")
    assert len(run.all(rom_line("rom_art"))) == 2, run.describe()
    assert len(run.all(killed("B", WRITE_READ_ONLY, ROM))) == 2, run.describe()
    run.expect_none(r"task B: rom: wrote frame 0$")
    last = len(cart.frames)
    run.expect(rf"task C: rom: last byte {cart.frames[-1][-1]}$")
    assert len(run.all(killed("C", READ_UNMAPPED, ROM + last * FRAME))) == 2, run.describe()
    run.expect_none(r"task C: rom: past the last frame")
    assert len(run.all(r"task D: ROM art$")) == 2, run.describe()
    run.expect(rf"task D: {EXITED}")
    expect_no_leak(run)


def test_a_cartridge_without_art_maps_only_its_header():
    run = boot("rom-none", carts=["rom_none"])
    run.expect_order(r"task A: rom: frames=0 colors=0$", killed("A", READ_UNMAPPED, ROM))
    run.expect(killed("B", READ_UNMAPPED, PALETTE))
    run.expect_none(r"task [AB]: rom: (frame|palette) .* starts with")
    expect_no_leak(run)


def test_a_swap_maps_the_next_cartridges_art():
    def tab(mon, folder):
        mon.command("sendkey tab 50")

    art, more = rom_line("rom_art"), rom_line("rom_more")
    run = boot("rom-swap", carts=["rom_art", "rom_more"], config="exit=never\n",
               stop_on=more, triggers=[(art, tab)])
    assert not run.timed_out, run.describe()
    run.expect_order(art, r'cart: ejected "ROM art", swap 1: ',
                     r'cart: inserted "ROM more"$', more)

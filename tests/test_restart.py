"""The restart key (issue 15): F5 ends every task of the inserted cartridge,
frees all they held, and starts the same cartridge afresh; after each
restart as many pages are free as before the first insertion.

Keys go through QEMU's sendkey: to the PS/2 keyboard, or to a USB keyboard
once one exists (test_usb_input.py says why).
"""

from genesis import MEM, NO_SCREEN, READY, boot
from console import BOUND, USB_ONLY, when_all, when_logged

# RESTARTED.format(n) is the line of restart n.
RESTARTED = (r'cart: restarted "{}", restart {}: kernel pool (\d+) free pages, '
             r'task pool (\d+) free pages$')
INSERTED = r'cart: inserted "{}"$'


def press_f5(times, title):
    """A trigger action: F5, then wait for its restart line, `times` times.
    Keys pressed faster than the guest takes them overflow QEMU's queue."""
    def act(mon, folder):
        for n in range(1, times + 1):
            mon.command("sendkey f5 10")
            when_logged(RESTARTED.format(title, n), 1, lambda mon, folder: None,
                        settle=0)(mon, folder)
    return act


def restarts(run, title):
    found = run.all(RESTARTED.format(title, r"(\d+)"))
    return [int(m.group(1)) for m in found], {m.groups()[1:] for m in found}


def test_a_hundred_restarts_leave_every_page_free():
    # Filters: four tasks, each with the reader's copy page mapped, waiting
    # for frames.  No screen: the display runs only when a key asks for it.
    started = r"task D: started eip=0x[0-9a-f]{8}$"
    run = boot("restart-hundred", carts=["filters", "viewer"], config="exit=never\n",
               timeout=240, stop_on=RESTARTED.format("Filters", 100), extra_args=NO_SCREEN,
               triggers=[(started, press_f5(100, "Filters"))])
    assert not run.timed_out, run.describe()
    numbers, pages = restarts(run, "Filters")
    assert numbers == list(range(1, 101)), run.describe()
    # After each restart, before the tasks start again, the pages free are
    # those logged before the first insertion.
    assert pages == {run.all(MEM)[-1].groups()}, run.describe()
    # Each restart ended all four tasks and started all four again, and the
    # cartridge never changed.
    assert len(run.all(r"task [ABCD]: ended by a restart of the cartridge$")) == 400
    assert len(run.all(INSERTED.format("Filters"))) == 101
    assert len(run.all(r"task [ABCD]: started eip=")) == 404
    run.expect_none(INSERTED.format("Planet viewer"))
    run.expect_none(r"panic:|task [ABCD]: killed")


def test_f5_on_a_usb_keyboard_restarts_the_cartridge():
    # Exam 000's tasks grow and shrink data areas; the restarts come while
    # they run.  The USB keyboard's own pages are taken once it is bound,
    # after the boot's count: the restarts must agree with each other.
    started = r"task D: started eip=0x[0-9a-f]{8}$"
    title = "Exam 000: data areas"
    run = boot("restart-usb", carts=["exam000"], config="exit=never\n", machine=USB_ONLY,
               timeout=120, stop_on=RESTARTED.format(title, 3),
               extra_args=["-vga", "none", "-device", "qemu-xhci,id=x",
                           "-device", "usb-kbd,bus=x.0"],
               triggers=[(READY, when_all([started, BOUND], press_f5(3, title)))])
    assert not run.timed_out, run.describe()
    numbers, pages = restarts(run, title)
    assert numbers == [1, 2, 3] and len(pages) == 1, run.describe()
    assert len(run.all(INSERTED.format(title))) == 4
    run.expect_none(r"panic:|task [ABCD]: killed")

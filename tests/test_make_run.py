"""Running what you want (issue 15): `make ... CART=<name>` writes BOOT.CFG
so that cartridge is inserted at power-on, an unknown name is a make error
that lists the cartridges, and QEMU_EXTRA reaches QEMU's command line.

The make runs write into a temporary ESP (ESP= and CART_CHOICE= on the
command line), never into the esp/ that other tests copy from.
"""

import os
import re
import subprocess

from genesis import ROOT, boot

INSERTED = r'cart: inserted "([^"]+)"$'


def make(*args):
    """make in the repository as a user runs it, not as a sub-make of `make test`."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", "-C", ROOT, *args], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)


def boot_cfg(tmp_path, *args):
    """BOOT.CFG as make writes it into a temporary ESP with these variables."""
    esp = tmp_path / "esp"
    target = esp / "GENESIS" / "BOOT.CFG"
    result = make(f"ESP={esp}", f"CART_CHOICE={tmp_path / 'cart-choice'}", *args, str(target))
    assert result.returncode == 0, result.stdout + result.stderr
    return target.read_text()


def cart_lines(text):
    return [line for line in text.split("\n") if re.match(r"\s*cart\s*=", line)]


def test_cart_names_the_cartridge_in_boot_cfg_until_it_is_dropped(tmp_path):
    default = (ROOT / "kernel" / "BOOT.CFG").read_text()
    assert cart_lines(default) == ["cart=breakout.cart"]
    chosen = boot_cfg(tmp_path, "CART=viewer")
    assert cart_lines(chosen) == ["cart=viewer.cart"]
    # Every other line is kernel/BOOT.CFG's.
    assert chosen.replace("cart=viewer.cart", "cart=breakout.cart") == default
    # The same make without CART brings the default back, though the
    # source is older than the file made for CART.
    assert boot_cfg(tmp_path) == default
    assert cart_lines(boot_cfg(tmp_path, "CART=hello")) == ["cart=hello.cart"]


def test_an_unknown_cart_is_an_error_that_lists_the_cartridges(tmp_path):
    for name in ("nosuchcart", "viewer hello", "sdk"):
        result = make(f"ESP={tmp_path / 'esp'}", f"CART_CHOICE={tmp_path / 'cart-choice'}",
                      f"CART={name}", str(tmp_path / "esp" / "GENESIS" / "BOOT.CFG"))
        assert result.returncode != 0
        listed = re.search(r"CART=(.*) is not a cartridge; the cartridges are: (.*)\.  Stop\.",
                           result.stderr)
        assert listed and listed.group(1) == name, result.stderr
        games = sorted(d.name for d in (ROOT / "cartridges").iterdir()
                       if d.is_dir() and d.name != "sdk")
        assert listed.group(2).split() == games
    assert not (tmp_path / "esp").exists()


def test_qemu_extra_reaches_the_qemu_command():
    result = make("-n", "qemu-ovmf", "QEMU_EXTRA=-device usb-kbd -name extra-test")
    assert result.returncode == 0, result.stdout + result.stderr
    qemu = [line for line in result.stdout.split("\n") if line.startswith("qemu-system-x86_64 ")]
    assert len(qemu) == 1, result.stdout
    assert qemu[0].split("; code=")[0].endswith(" -device usb-kbd -name extra-test")
    gdb = make("-n", "qemu-gdb", "QEMU_EXTRA=-name extra-test")
    assert " -name extra-test -S -gdb tcp:localhost:1234" in gdb.stdout, gdb.stdout + gdb.stderr


def test_the_named_cartridge_is_inserted_first(tmp_path):
    config = boot_cfg(tmp_path, "CART=viewer")
    run = boot("make-cart-viewer", carts=["breakout", "frames", "hello", "viewer"],
               config=config, stop_on=INSERTED)
    run.expect(r"genesis: config cart=viewer\.cart ")
    assert run.expect(INSERTED).group(1) == "Planet viewer", run.describe()
    run.expect_none(r"config: ")

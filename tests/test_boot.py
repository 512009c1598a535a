"""Boot path scenarios (issue 2): loader -> protected mode -> kernel, on several machines."""

import os
import re

import pytest

from genesis import (EXIT_NORMAL, EXIT_PANIC, Image, boot, find_text, screendump)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
READY = r"genesis: kernel ready$"


def expect_clean_end(run):
    run.expect_exit(EXIT_NORMAL)
    run.expect(READY)
    run.expect(r"genesis: halt code=0$")
    run.expect_none(r"panic:")


def test_esp_folder_reaches_kernel_ready():
    run = boot("esp-folder")
    expect_clean_end(run)
    run.expect_order(r"efi: ", READY, r"genesis: halt code=0$")


@pytest.mark.parametrize("media", ["disk", "usb"])
def test_disk_image_reaches_kernel_ready(media):
    # The image holds make's default BOOT.CFG (the console runs forever), so the
    # scenario stops once the kernel is up.
    run = boot(f"image-{media}", media=media, stop_on=READY)
    assert not run.timed_out, run.describe()
    run.expect(READY)
    run.expect_none(r"panic:")


@pytest.mark.parametrize("machine,memory", [
    ("q35", "128M"), ("q35", "2G"), ("q35", "6G"), ("pc", "128M"), ("pc", "2G"), ("pc", "6G"),
])
def test_machines_and_memory_sizes(machine, memory):
    run = boot(f"machine-{machine}-{memory}", machine=machine, memory=memory)
    expect_clean_end(run)
    usable = int(run.expect(r"mem: usable (\d+) MiB").group(1))
    megabytes = int(memory[:-1]) * (1024 if memory.endswith("G") else 1)
    # QEMU puts 2 GiB (q35) or 3 GiB (pc) below 4 GiB when the rest does not
    # fit under the PCI hole; the kernel uses only that part.
    below_4g = {"q35": 2048, "pc": 3072}[machine] if megabytes > 3584 else megabytes
    assert usable <= below_4g
    assert usable >= below_4g * 0.9, f"only {usable} of {below_4g} MiB found\n{run.describe()}"


def test_kernel_panic_dumps_registers_and_exits_35():
    run = boot("panic", config="selftest=pagefault\n")
    run.expect_exit(EXIT_PANIC)
    run.expect_order(READY, r"panic: ")
    run.expect(r"panic: .*vector=14")
    for register in ("EIP", "CS", "EFLAGS", "CR2", "CR3", "EAX", "EBX", "ECX", "EDX",
                     "ESI", "EDI", "EBP", "ESP"):
        assert any(f"{register}=" in line for line in run.lines), \
            f"register dump lacks {register}\n{run.describe()}"
    run.expect(r"genesis: halt code=1$")


def test_max_ticks_ends_the_run():
    run = boot("max-ticks", config="max_ticks=50\n")
    expect_clean_end(run)
    run.expect(r"genesis: .*ticks?[ =]50\b")


def test_no_cartridge_says_insert_a_cartridge():
    run = boot("no-cartridge", config="", stop_on=READY,
               triggers=[(READY, screendump("screen"))])
    run.expect(r"cart: none")
    image = Image(os.path.join(run.folder, "screen.ppm"))
    assert find_text(image, "insert a cartridge"), \
        f"no insert-cartridge text on screen ({image.path})"


def test_bad_config_lines_are_reported_and_defaults_kept():
    config = "\n".join([
        "# a comment",
        "colour=blue",          # unknown key
        "fps=7",                # not a power of two
        "fps=4096",             # too fast
        "exit=sometimes",       # bad value
        "max_ticks=-3",         # bad number
        "trace=maybe",
        "no equals sign here",
        "exit=idle",            # still honoured after the bad lines
        "",
    ])
    run = boot("bad-config", config=config)
    expect_clean_end(run)
    reported = [m.string for m in run.all(r"config: ")]
    for word in ("colour", "fps", "exit", "max_ticks", "trace", "no equals"):
        assert any(word in line for line in reported), f"no config: line about {word}\n{run.describe()}"
    assert len(reported) >= 7, run.describe()


def test_console_text_on_framebuffer():
    run = boot("screenshot", config="", stop_on=READY, triggers=[(READY, screendump("screen"))])
    image = Image(os.path.join(run.folder, "screen.ppm"))
    assert find_text(image, "genesis: kernel ready"), \
        f"'genesis: kernel ready' not drawn on the framebuffer ({image.path})"


def test_missing_kernel_is_reported_by_the_loader():
    # The loader then waits for a key to return to the firmware: stop it there.
    run = boot("missing-kernel", kernel=False, stop_on=r"efi: .*press a key")
    assert not run.timed_out, run.describe()
    run.expect(r"efi: .*KERNEL\.ELF")
    run.expect_none(READY)


def cart_max_file_size():
    with open(os.path.join(ROOT, "kernel", "abi", "cart.h")) as f:
        match = re.search(r"#define\s+CART_MAX_FILE_SIZE\s+\(?([0-9a-fA-Fx]+)u?", f.read())
    return int(match.group(1), 0)


def test_oversized_cartridge_is_skipped_by_the_loader():
    huge = ("big.cart", b"\0" * (cart_max_file_size() + 1))
    run = boot("oversized-cart", carts=["hello", huge])
    expect_clean_end(run)
    run.expect(r"efi: .*big\.cart")
    run.expect(r'cart: loaded "[^"]+" from hello\.cart')
    run.expect_none(r"cart: .*big\.cart")


def test_cartridges_are_loaded_in_name_order_and_bad_ones_rejected():
    run = boot("carts", carts=["hello", ("zz-broken.cart", b"not a cartridge" * 300)])
    expect_clean_end(run)
    run.expect(r'cart: loaded "[^"]+" from hello\.cart tasks=\d+ frames=\d+$')
    run.expect(r"cart: rejected zz-broken\.cart: ")
    run.expect(r'cart: inserted "')

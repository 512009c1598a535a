"""Boot path scenarios (issue 2): loader -> protected mode -> kernel, on several machines."""

import os
import re

import pytest

from genesis import (EXIT_PANIC, READY, Image, boot, defines, expect_clean_end, find_text,
                     screendump)

# The loader's last line before the kernel runs.
HANDOFF = r"efi: jumping to kernel entry=0x[0-9A-Fa-f]{8} bootinfo=0x[0-9A-Fa-f]{8}$"


def test_esp_folder_reaches_kernel_ready():
    run = boot("esp-folder")
    expect_clean_end(run)
    run.expect_order(HANDOFF, READY, r"genesis: halt code=0$")


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
    usable = int(run.expect(r"mem: usable (\d+) MiB below 4 GiB$").group(1))
    megabytes = int(memory[:-1]) * (1024 if memory.endswith("G") else 1)
    # QEMU puts 2 GiB (q35) or 3 GiB (pc) below 4 GiB when the rest does not
    # fit under the PCI hole; the kernel uses only that part.
    below_4g = {"q35": 2048, "pc": 3072}[machine] if megabytes > 3584 else megabytes
    assert usable <= below_4g
    assert usable >= below_4g * 0.9, f"only {usable} of {below_4g} MiB found\n{run.describe()}"


def test_kernel_panic_dumps_registers_and_exits_35():
    run = boot("panic", config="selftest=pagefault\n")
    run.expect_exit(EXIT_PANIC)
    panic = (r"panic: page fault in ring 0 vector=14 err=0x[0-9a-f]{8} eip=0x[0-9a-f]{8} "
             r"cr2=0x[0-9a-f]{8}$")
    run.expect_order(READY, r"trap: vector=14 \(page fault\) ERR=0x[0-9a-f]{8}$", panic)
    # The dump is the trap: lines; a register's name must be a whole word there.
    dump = [line for line in run.lines if line.startswith("trap: ")]
    for register in ("EIP", "CS", "EFLAGS", "CR2", "CR3", "EAX", "EBX", "ECX", "EDX",
                     "ESI", "EDI", "EBP", "ESP"):
        assert any(re.search(rf"\b{register}=0x[0-9a-f]+\b", line) for line in dump), \
            f"register dump lacks {register}\n{run.describe()}"
    run.expect(r"genesis: halt code=1$")


def test_max_ticks_ends_the_run():
    # The config echo line says max_ticks=50 too: only the limit's own line
    # shows that the limit ended the run.
    run = boot("max-ticks", config="max_ticks=50\n")
    expect_clean_end(run)
    run.expect_order(READY, r"genesis: max_ticks reached, ticks=50$", r"genesis: halt code=0$")


def test_no_cartridge_says_insert_a_cartridge():
    run = boot("no-cartridge", config="", stop_on=READY,
               triggers=[(READY, screendump("screen"))])
    run.expect(r"cart: none, insert a cartridge$")
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
    # One line for each bad line, naming its number (tests/unit/test_config.c
    # checks the wording of every case).
    for line in (r'config: 2: unknown key "colour" \(default kept\)$',
                 r'config: 3: bad value "7" for fps, want .+ \(default kept\)$',
                 r'config: 4: bad value "4096" for fps, want .+ \(default kept\)$',
                 r'config: 5: bad value "sometimes" for exit, want .+ \(default kept\)$',
                 r'config: 6: bad value "-3" for max_ticks, want .+ \(default kept\)$',
                 r'config: 7: bad value "maybe" for trace, want .+ \(default kept\)$',
                 r'config: 8: "no equals sign here" is not key=value \(ignored\)$'):
        run.expect(line)
    assert len(run.all(r"config: ")) == 7, run.describe()
    # The defaults, and exit=idle from the last line.
    run.expect(r"genesis: config cart=\(first\) fps=64 exit=idle max_ticks=0 trace=off timeline=off "
               r"repeat=0$")


def test_console_text_on_framebuffer():
    run = boot("screenshot", config="", stop_on=READY, triggers=[(READY, screendump("screen"))])
    image = Image(os.path.join(run.folder, "screen.ppm"))
    assert find_text(image, "genesis: kernel ready"), \
        f"'genesis: kernel ready' not drawn on the framebuffer ({image.path})"


def test_missing_kernel_is_reported_by_the_loader():
    # The loader then waits for a key to return to the firmware: stop it there.
    run = boot("missing-kernel", kernel=False,
               stop_on=r"efi: boot failed; press a key to return to the firmware$")
    assert not run.timed_out, run.describe()
    run.expect(r"efi: cannot read the kernel \\GENESIS\\KERNEL\.ELF: .+$")
    run.expect_none(READY)


def test_oversized_cartridge_is_skipped_by_the_loader():
    limit = defines("kernel/abi/cart.h")["CART_MAX_FILE_SIZE"]
    huge = ("big.cart", b"\0" * (limit + 1))
    run = boot("oversized-cart", carts=["hello", huge])
    expect_clean_end(run)
    run.expect(rf"efi: cart big\.cart skipped: {limit + 1} bytes, more than the {limit} "
               r"a cartridge may have$")
    run.expect(r'cart: loaded "[^"]+" from hello\.cart tasks=\d+ frames=\d+$')
    run.expect_none(r"cart: .*big\.cart")


def test_cartridges_are_loaded_in_name_order_and_bad_ones_rejected():
    run = boot("carts", carts=["hello", ("zz-broken.cart", b"not a cartridge" * 300)])
    expect_clean_end(run)
    run.expect_order(r'cart: loaded "[^"]+" from hello\.cart tasks=\d+ frames=\d+$',
                     r"cart: rejected zz-broken\.cart: magic: .+$")
    run.expect(r'cart: inserted "Hello, world"$')

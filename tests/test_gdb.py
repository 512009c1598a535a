"""make qemu-gdb: GDB, through kernel/gdb/i386stub.py, sees a 32-bit CPU,
and the kernel's commands (kernel/gdb/genesis.py) read its tables.

One boot under GDB in batch mode, with build/.gdbinit's steps but a UNIX
socket of its own instead of port 1234; every check reads GDB's output.
"""

import os
import re
import subprocess
import tempfile
import threading

import pytest

from genesis import BUILD, ROOT, boot

KERNEL = BUILD / "kernel.elf"
ROUNDROBIN = BUILD / "obj" / "cartridges" / "tests" / "carts" / "roundrobin"

# After the stop at kernel_main: a service, then the commands, then a
# breakpoint in task B's main only.
SCRIPT = """\
set pagination off
set confirm off
file {kernel}
source {root}/kernel/gdb/genesis.py
target remote | /usr/bin/python3 {root}/kernel/gdb/i386stub.py {sock}
thbreak kernel_main
continue
echo @@ eip\\n
info registers eip
echo @@ x2i\\n
x/2i $pc
echo @@ service\\n
break sys_ticks
continue
echo @@ bt\\n
bt
echo @@ tf\\n
p *tf
echo @@ trapframe\\n
trapframe
delete
echo @@ tasks\\n
tasks
echo @@ tss\\n
tss A
echo @@ gdt\\n
gdt
echo @@ idt\\n
idt
echo @@ ptwalk\\n
ptwalk 0x05000000 A
echo @@ symbols\\n
task-symbols
echo @@ taskbreak\\n
task-break B wait_for_slice_end
continue
echo @@ stopped\\n
info registers eip
tasks
echo @@ end\\n
kill
"""


def sections(text):
    """GDB's output cut at the script's @@ markers."""
    out, name = {}, None
    for line in text.splitlines():
        m = re.match(r"@@ (\w+)$", line)
        if m:
            name = m.group(1)
            out[name] = []
        elif name:
            out[name].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def objdump_at(address, count):
    """objdump's text of count instructions from address, spaces squeezed."""
    dump = subprocess.run(["objdump", "-d", "--no-show-raw-insn", f"--start-address={address:#x}",
                           f"--stop-address={address + 16:#x}", str(KERNEL)],
                          capture_output=True, text=True, check=True).stdout
    lines = [l.split(":", 1)[1].strip() for l in dump.splitlines() if re.match(r"\s+[0-9a-f]+:\t", l)]
    return [" ".join(l.split()) for l in lines[:count]]


def kernel_symbol(name):
    out = subprocess.run(["nm", str(KERNEL)], capture_output=True, text=True, check=True).stdout
    return int(next(l.split()[0] for l in out.splitlines() if l.endswith(f" {name}")), 16)


@pytest.fixture(scope="module")
def session():
    if not (ROUNDROBIN / "B.elf").exists():
        pytest.fail(f"{ROUNDROBIN}/B.elf not built (run make test)")
    folder = tempfile.mkdtemp(prefix="genesis-gdb-")
    sock = os.path.join(folder, "gdb.sock")
    output = os.path.join(folder, "gdb.out")
    # One -ex per line: an error in one command leaves the others to run,
    # the last (kill) ending QEMU.
    commands = SCRIPT.format(kernel=KERNEL, root=ROOT, sock=sock).splitlines()

    def debugger():
        # QEMU makes the socket as it starts; GDB connects once it is there.
        for _ in range(600):
            if os.path.exists(sock):
                break
            threading.Event().wait(0.1)
        args = [a for c in commands for a in ("-ex", c)]
        with open(output, "w") as out:
            try:
                subprocess.run(["gdb", "-nx", "-batch", *args], stdout=out, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, timeout=400)
            except subprocess.TimeoutExpired:
                pass

    thread = threading.Thread(target=debugger)
    thread.start()
    run = boot("gdb", carts=["roundrobin"], config="exit=never\n", timeout=420,
               extra_args=["-S", "-gdb", f"unix:{sock},server=on,wait=off"])
    thread.join()
    with open(output) as f:
        out = f.read()
    assert "@@ end" in out, f"GDB did not get through its script:\n{out}\n{run.describe()}"
    return sections(out), out


def test_gdb_stops_at_kernel_main_with_a_32_bit_eip(session):
    parts, out = session
    assert re.search(r"Temporary breakpoint 1, kernel_main \(", out), out
    m = re.match(r"eip\s+(0x[0-9a-f]+)\s+0x[0-9a-f]+ <kernel_main>$", parts["eip"].strip())
    assert m and int(m.group(1), 16) == kernel_symbol("kernel_main"), parts["eip"]


def test_disassembly_matches_objdump(session):
    parts, _ = session
    got = [" ".join(l.split(":", 1)[1].split()) for l in parts["x2i"].splitlines()]
    assert got == objdump_at(kernel_symbol("kernel_main"), 2), parts["x2i"]


def test_backtrace_from_a_service_goes_through_the_stub_to_the_task(session):
    parts, _ = session
    frames = [l for l in parts["bt"].splitlines() if l.startswith("#")]
    assert re.match(r"#0 +sys_ticks \(tf=0x[0-9a-f]+\) at kernel/task/syscall\.c:\d+$", frames[0]), frames
    # syscall() may reach the service by a tail jump, leaving no frame.
    stub = next(i for i, f in enumerate(frames) if re.match(r"#\d+ +0x[0-9a-f]+ in syscall_common \(", f))
    assert stub in (1, 2), frames
    # The frame past the stub is the task's code, where it called the service.
    assert re.match(rf"#{stub + 1} +0x050[0-9a-f]{{5}} in ", frames[stub + 1]), frames


def test_p_tf_decodes_the_frame_with_the_i386_abi(session):
    parts, _ = session
    tf = parts["tf"]
    vector = int(re.search(r"vector = (\d+)", tf).group(1))
    assert vector == 95, tf                # SYS_TICKS (task/syscall.h)
    assert re.search(r"cs = 27,", tf) and re.search(r"ss = 35", tf), tf
    assert 0x05000000 <= int(re.search(r"eip = (\d+)", tf).group(1)) < 0x05010000, tf
    trapframe = parts["trapframe"]
    assert re.search(r"vector 95 service 7, error 0x0$", trapframe, re.M), trapframe
    assert re.search(r"from ring 3: eip 0x050[0-9a-f]{5}", trapframe), trapframe


def test_tasks_lists_every_task_with_its_tss(session):
    parts, _ = session
    rows = {l.split()[0]: l.split() for l in parts["tasks"].splitlines()[1:]}
    assert set(rows) == {"idle", "display", "A", "B", "C", "D"}, parts["tasks"]
    for letter, index in zip("ABCD", range(7, 11)):
        assert rows[letter][2] == f"{index << 3:#x}", parts["tasks"]
        assert rows[letter][1] in ("runnable", "blocked"), parts["tasks"]
    assert "running" in parts["tasks"]
    tss = parts["tss"]
    assert re.search(r"^task A: TSS at 0x[0-9a-f]{8}, selector 0x38", tss, re.M), tss
    assert re.search(r"ss0 0x0010", tss) and re.search(r"cs 0x00(08|1b) ss 0x00(10|23)", tss), tss


def test_gdt_and_idt_are_decoded(session):
    parts, _ = session
    gdt = parts["gdt"]
    assert re.search(r"^ 1 0x0008 code r 32-bit ring 0 base 0x00000000 limit 0xffffffff$", gdt, re.M), gdt
    assert re.search(r"^ 3 0x0018 code r 32-bit ring 3 ", gdt, re.M), gdt
    for index, owner in ((6, "idle"), (7, "A"), (8, "B"), (12, "display")):
        assert re.search(rf"^{index:2} {index << 3:#06x} TSS (busy|available) +ring 0 base 0x[0-9a-f]{{8}} "
                         rf"limit 0x0067 {owner}$", gdt, re.M), gdt
    idt = parts["idt"]
    assert re.search(r"^  8 task gate +ring 0 TSS 0x0058 +double fault$", idt, re.M), idt
    assert re.search(r"^ 14 interrupt gate ring 0 0x0008:0x[0-9a-f]{8} exception14 +page fault$", idt, re.M), idt
    assert re.search(r"^ 90 interrupt gate ring 3 0x0008:0x[0-9a-f]{8} syscall90 +service 2$", idt, re.M), idt


def test_ptwalk_shows_task_code_user_and_present(session):
    parts, _ = session
    walk = parts["ptwalk"]
    assert re.search(r"^  PDE\[20\] at 0x[0-9a-f]{8} = 0x[0-9a-f]{8}  P W U", walk, re.M), walk
    assert re.search(r"^  PTE\[0\] at 0x[0-9a-f]{8} = 0x[0-9a-f]{8}  P U", walk, re.M), walk
    assert re.search(r"^  physical 0x[0-9a-f]{8}: user, read-only$", walk, re.M), walk


def test_a_breakpoint_by_letter_stops_in_that_task_only(session):
    parts, _ = session
    assert re.search(r"^task B: \S+/roundrobin/B\.elf", parts["symbols"], re.M), parts["symbols"]
    assert re.search(r"^breakpoint \d+ in task B only: 0x050[0-9a-f]{5} ", parts["taskbreak"], re.M), \
        parts["taskbreak"]
    stopped = parts["stopped"]
    assert re.search(r"^eip +0x50[0-9a-f]{5} +0x50[0-9a-f]{5} <wait_for_slice_end>$", stopped, re.M), stopped
    running = [l for l in stopped.splitlines() if "<- running" in l]
    assert len(running) == 1 and running[0].startswith("B "), stopped

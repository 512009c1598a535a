"""Kernel core scenarios (issue 4): tasks copied from the cartridge, round-robin
by hardware task switching, faults that kill only the task that made them, the
print and exit services, trace=on, repeat=<n>, and no page left behind."""

import os
import re

import pytest

from genesis import (BUILD, EXIT_PANIC, EXITED, GUEST_TIME, KILLED, MEM, NO_SCREEN, READY, boot,
                     defines, expect_clean_end, expect_no_leak, round_robin, symbols)

# Where cartridges.mk leaves the ELF file of test cartridge C's task L.
CART_OBJ = os.path.join(BUILD, "obj", "cartridges", "tests", "carts")


def symbol(cart, letter, name):
    """The address of a symbol in a test cartridge task's ELF file."""
    return symbols(os.path.join(CART_OBJ, cart, letter + ".elf"))[name]


def task_lines(run):
    return [line for line in run.lines if line.startswith("task ")]


# ---- samples -------------------------------------------------------------------

SAMPLES = {
    "hello": ["task A: Hello, world! This is a Genesis cartridge.", "task A: exited status=0"],
    "hello4": [f"task {t}: hello from task {t}" for t in "ABCD"]
              + [f"task {t}: exited status={i}" for i, t in enumerate("ABCD")],
    "flat": ["task A: hello from a flat binary", "task A: exited status=7"],
}


@pytest.mark.parametrize("cart", sorted(SAMPLES))
def test_sample_runs_to_its_exit(cart):
    run = boot(f"tasks-sample-{cart}", carts=[cart], config="exit=idle\n")
    expect_clean_end(run)
    letters = sorted({line[5] for line in SAMPLES[cart]})
    run.expect_order(READY, r'cart: inserted "[^"]+"$', *(rf"task {t}: started eip=0x05000000$" for t in letters))
    for line in SAMPLES[cart]:
        run.expect(re.escape(line) + "$")
    # Every task started before any ran, and each ended once.
    assert len(run.all(rf"task .: ({EXITED}|{KILLED})")) == len(letters), run.describe()
    run.expect_order(r"genesis: exit=idle and no task left$", MEM, r"genesis: halt code=0$")
    run.expect_none(r"trace: ")
    expect_no_leak(run)


# ---- the scheduler -------------------------------------------------------------

def test_four_tasks_interleave_and_an_endless_loop_starves_nobody():
    # D prints 3 counts then spins forever without a service call; A, B and C
    # print 10 each.  D never exits, so max_ticks ends the run.
    # Guest time follows the instruction count, so a busy host cannot shorten
    # a slice below what one print takes.
    run = boot("tasks-round-robin", carts=["roundrobin"], config="exit=idle\nmax_ticks=300\n",
               extra_args=GUEST_TIME)
    expect_clean_end(run)
    run.expect(r"genesis: max_ticks reached, ticks=300$")
    counts = run.all(r"task ([ABCD]): count (\d)$")
    letters = [m.group(1) for m in counts]
    assert letters, run.describe()
    assert letters == round_robin(letters[0], {"A": 10, "B": 10, "C": 10, "D": 3}), \
        f"count lines out of round-robin order: {''.join(letters)}\n{run.describe()}"
    for t in "ABCD":
        assert [int(m.group(2)) for m in counts if m.group(1) == t] == \
            list(range(3 if t == "D" else 10)), run.describe()
    for t in "ABC":
        run.expect(rf"task {t}: exited status=0$")
    run.expect_none(rf"task D: ({EXITED}|{KILLED})")


def test_trace_logs_switches_services_and_reader_interrupts():
    # exit=never: the kernel stays idle after the tasks end, until max_ticks.
    run = boot("tasks-trace", carts=["hello4"],
               config="exit=never\nmax_ticks=30\ntrace=on\nfps=1024\n")
    expect_clean_end(run)
    run.expect(r"genesis: max_ticks reached, ticks=30$")
    for t in "ABCD":
        run.expect_order(rf"trace: tick=\d+ switch \S+ -> {t}$",
                         rf"trace: tick=\d+ task {t} service 92$",
                         rf"task {t}: hello from task {t}$",
                         rf"trace: tick=\d+ task {t} service 93$",
                         rf"task {t}: {EXITED}")
    run.expect(r"trace: tick=\d+ switch [ABCD] -> idle$")
    ticks = [int(m.group(1)) for m in run.all(r"trace: tick=(\d+) reader interrupt$")]
    assert len(ticks) > 30 and ticks == sorted(ticks) and ticks[-1] >= 25, run.describe()


def test_repeat_inserts_again_and_a_thousand_faulting_rounds_leak_nothing():
    # Each round: A writes to address 0, B runs ud2, C divides by zero, D exits.
    # The screen is left out (-vga none: the log stays serial only): drawing
    # ten thousand log lines would take most of the run.
    run = boot("tasks-repeat-1000", carts=["crashloop"], config="exit=idle\nrepeat=1000\n",
               extra_args=NO_SCREEN, timeout=600)
    expect_clean_end(run)
    rounds = 1001
    assert len(run.all(r'cart: inserted "Crash loop"$')) == rounds, run.describe()
    assert len(run.all(r"task A: killed page fault vector=14 err=0x00000006 eip=0x[0-9a-f]{8} "
                       r"cr2=0x00000000$")) == rounds
    assert len(run.all(r"task B: killed invalid opcode vector=6 err=0x00000000 eip=0x[0-9a-f]{8} "
                       r"cr2=0x00000000$")) == rounds
    assert len(run.all(r"task C: killed divide error vector=0 err=0x00000000 eip=0x[0-9a-f]{8} "
                       r"cr2=0x00000000$")) == rounds
    assert len(run.all(r"task D: exited status=0$")) == rounds
    expect_no_leak(run)


# ---- fault isolation -----------------------------------------------------------

# Cartridge -> task -> (reason, vector, error code, EIP, CR2).  An EIP or CR2
# given as a string is that symbol of the task's ELF file (`fault` labels the
# instruction that faults).  tests/carts/faults-*/ explain each value.
GP, PF = "general protection", "page fault"
FAULTS = {
    "faults-priv": {"B": (GP, 13, 0, "fault", 0),              # cli
                    "C": (GP, 13, 0, "fault", 0),              # hlt
                    "D": (GP, 13, 0, "fault", 0)},             # in
    "faults-sys": {"B": (GP, 13, 0, "fault", 0),               # lgdt
                   "C": (GP, 13, 0, "fault", 0),               # mov cr3
                   "D": (GP, 13, 0x102, "fault", 0)},          # int 0x20
    "faults-mem": {"B": (PF, 14, 5, "fault", 0x00100000),      # read the kernel
                   "C": (PF, 14, 7, "fault", 0x00100000),      # write the kernel
                   "D": (PF, 14, 7, "fault", "main")},         # write its own text
    "faults-jump": {"B": (PF, 14, 4, 0x09000000, 0x09000000),  # jump to an unmapped page
                    "C": (GP, 13, 0x38, "fault", 0),           # jmp far to a TSS
                    "D": ("invalid TSS", 10, 0, "fault", 0)},  # popf NT, iret
    "faults-stack": {"B": (PF, 14, 6, "fault", 0x05BFBFFC),    # into the stack's guard page
                     "C": ("divide error", 0, 0, "fault", 0),
                     "D": ("invalid opcode", 6, 0, "fault", 0)},  # ud2
    "faults-misc": {"B": (GP, 13, 0, "fault", 0),              # out
                    "C": ("device not available", 7, 0, "fault", 0)},  # fld1
    "faults-simd": {"B": ("device not available", 7, 0, "fault", 0),  # movaps
                    "C": ("device not available", 7, 0, "fault", 0),  # movd from xmm0
                    "D": ("device not available", 7, 0, "fault", 0)},  # pxor
    # An iretd into virtual-8086 mode (QEMU's TCG allows it from ring 3):
    # the frame's CS is the v86 segment, its low bits 0 or 1, and EFLAGS.VM
    # says ring 3.  The fetch at CS * 16 + IP faults in the kernel's 4 MiB.
    "faults-v86": {"B": (PF, 14, 4, 0, 0),                     # 0000:0000
                   "C": (PF, 14, 5, 0, 0x1010),                # 0101:0000
                   "D": (PF, 14, 5, 0xFFFF, 0x10FFEF)},        # FFFF:FFFF
    "faults-flags": {"B": ("invalid TSS", 10, 0, "fault", 0),  # NT kept, then iret
                     "C": ("debug", 1, 0, "fault", 0),         # TF, then a service
                     "D": ("debug", 1, 0, "fault", 0)},        # TF
}


def address(cart, letter, value):
    return symbol(cart, letter, value) if isinstance(value, str) else value


@pytest.mark.parametrize("cart", sorted(FAULTS))
def test_hostile_tasks_are_killed_and_the_heartbeat_runs_to_its_end(cart):
    run = boot(f"tasks-{cart}", carts=[cart], config="exit=idle\n")
    expect_clean_end(run)
    run.expect_order(READY, *(rf"task {t}: started eip=0x05000000$" for t in "ABCD"))
    kills = []
    for letter, (reason, vector, err, eip, cr2) in FAULTS[cart].items():
        line = (f"task {letter}: killed {reason} vector={vector} err=0x{err:08x} "
                f"eip=0x{address(cart, letter, eip):08x} cr2=0x{address(cart, letter, cr2):08x}")
        run.expect(re.escape(line) + "$")
        kills.append(re.escape(line) + "$")
    # The heartbeat beats before, between and after the kills and ends last.
    beats = [int(m.group(1)) for m in run.all(r"task A: beat (\d)$")]
    assert beats == list(range(5)), run.describe()
    assert task_lines(run)[-1] == "task A: exited status=0", run.describe()
    for kill in kills:
        run.expect_order(r"task A: started eip=0x05000000$", kill, r"task A: beat 4$")
    expect_no_leak(run)
    if cart == "faults-misc":
        # Task D's print checks: refused pointers return -1 and the task goes on.
        assert len(run.all(r"task D: ok: ")) == 10, run.describe()
        run.expect_none(r"task D: FAIL: ")
        run.expect(r"task D: exited status=0$")
        run.expect(r"task D: \?$")
    if cart == "faults-flags":
        run.expect_order(r"task B: NT kept across services, a yield and a clock tick$",
                         r"task B: killed invalid TSS ")


# What sgdt, sidt and str show a task (tests/carts/faults-umip): QEMU's
# default CPU lacks UMIP, so they read the kernel's addresses there; with
# -cpu max the kernel turns UMIP on and each is a general-protection fault.
UMIP_READS = {"B": r"sgdt: GDT at 0x[0-9a-f]{8}, limit \d+$",
              "C": r"sidt: IDT at 0x[0-9a-f]{8}, limit \d+$",
              "D": r"str: TSS selector 0x[0-9a-f]{8}$"}


@pytest.mark.parametrize("cpu", ["default", "max"])
def test_umip_keeps_the_descriptor_tables_from_ring_3_where_the_cpu_has_it(cpu):
    run = boot(f"tasks-umip-{cpu}", carts=["faults-umip"], config="exit=idle\n",
               extra_args=NO_SCREEN + ([] if cpu == "default" else ["-cpu", "max"]))
    expect_clean_end(run)
    for letter, read in UMIP_READS.items():
        if cpu == "default":
            run.expect(rf"task {letter}: {read}")
            run.expect(rf"task {letter}: exited status=0$")
        else:
            eip = symbol("faults-umip", letter, "fault")
            run.expect(rf"task {letter}: killed general protection vector=13 err=0x00000000 "
                       rf"eip=0x{eip:08x} cr2=0x00000000$")
            run.expect_none(rf"task {letter}: {read}")
    if cpu == "default":
        run.expect(r"cpu: UMIP not available, ring 3 may read the GDT, IDT and TSS addresses "
                   r"\(sgdt, sidt, str\)$")
        run.expect_none(r"cpu: UMIP on")
    else:
        run.expect(r"cpu: UMIP on, sgdt, sidt, sldt, smsw and str fault in ring 3$")
    assert [int(m.group(1)) for m in run.all(r"task A: beat (\d)$")] == list(range(5))
    expect_no_leak(run)


def test_kernel_stack_overflow_is_a_double_fault_with_a_dump():
    run = boot("tasks-double-fault", carts=["hello"], config="exit=idle\nselftest=stack\n")
    run.expect_exit(EXIT_PANIC)
    # The boot flow's TSS (GDT slot 5) held the overflowing code.
    run.expect_order(READY, r"genesis: selftest=stack overflows the boot stack$",
                     r"trap: vector=8 \(double fault\) in the task of TSS selector 0x0028$",
                     r"trap: EIP=0x[0-9a-f]{8} CS=0x0008 EFLAGS=0x[0-9a-f]{8} ESP=0x[0-9a-f]{8} "
                     r"SS=0x[0-9a-f]{4}$",
                     r"panic: double fault vector=8 eip=0x[0-9a-f]{8} esp=0x[0-9a-f]{8} "
                     r"cr2=0x[0-9a-f]{8}$", r"genesis: halt code=1$")
    run.expect_none(r"task A: started eip=")


# ---- the ABI in two places -----------------------------------------------------

def test_sdk_and_kernel_agree_on_the_task_abi():
    sdk = defines("cartridges/sdk/genesis.h")
    kernel = {**defines("kernel/mm/memlayout.h"), **defines("kernel/mm/mmu.h"), **defines("kernel/task/syscall.h"), **defines("kernel/abi/cart.h")}
    pairs = [("GENESIS_STACK_TOP", "USER_STACK_TOP"), ("GENESIS_CODE_BASE", "CART_CODE_BASE"),
             ("GENESIS_CODE_SIZE", "CART_CODE_SIZE"), ("GENESIS_PRINT_MAX", "SYS_PRINT_MAX"),
             ("GENESIS_SYS_PRINT", "SYS_PRINT"), ("GENESIS_SYS_EXIT", "SYS_EXIT"),
             ("GENESIS_SYS_YIELD", "SYS_YIELD"), ("GENESIS_SYS_TICKS", "SYS_TICKS"),
             ("GENESIS_PAGE_SIZE", "PGSIZE")]
    for sdk_name, kernel_name in pairs:
        assert sdk[sdk_name] == kernel[kernel_name], (sdk_name, kernel_name)
    assert sdk["GENESIS_STACK_SIZE"] == kernel["USER_STACK_PAGES"] * kernel["PGSIZE"]
    assert sdk["GENESIS_ACCESS_ADDR"] & ~0xFFF == kernel["USER_ACCESS_PAGE"]
    assert sdk["GENESIS_KERNEL_END"] == 0x00400000

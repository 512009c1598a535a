"""GDB commands for the Genesis kernel; build/.gdbinit sources this file.

    tasks                 every task: state, TSS selector, EIP, ESP, CR3
    tss TASK              one task's TSS, field by field
    gdt, idt              the descriptor tables decoded
    ptwalk ADDR [TASK]    the page-table walk of ADDR, with the flags at each level
    trapframe             the frame the innermost interrupt stub saved
    task-symbols          adds the symbols of the inserted cartridge's tasks
    task-break L SPEC     a breakpoint at SPEC that stops only in task L

TASK is a letter A-D, "idle", "display" or a TSS selector; without one,
the running task.  Besides, an unwinder lets backtraces go through the
interrupt stubs (vectors.asm, clock.asm) to the code they interrupted:
the stubs are assembly without call-frame information, and the frame they
build is this kernel's own layout (arch/trap.h).

The numbers below mirror kernel headers; each names the header it follows.
"""

import os

import gdb
from gdb.unwinder import Unwinder

# mm/mmu.h: the low twelve bits of a directory or table entry
PTE_BITS = [(0x001, "P"), (0x002, "W"), (0x004, "U"), (0x008, "PWT"), (0x010, "PCD"),
            (0x020, "A"), (0x040, "D"), (0x080, "PS"), (0x100, "G"), (0x200, "SHARED")]
# Intel SDM vol. 3, 6.3.1: the exceptions by vector; arch/idt.h: the rest
VECTOR_NAMES = ["divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
                "invalid opcode", "device not available", "double fault", "coprocessor overrun",
                "invalid TSS", "segment not present", "stack fault", "general protection",
                "page fault", "reserved", "x87 error", "alignment check", "machine check",
                "SIMD error", "virtualization", "control protection"]
IRQ_NAMES = {32: "clock", 33: "keyboard", 36: "COM1", 39: "spurious (8259)", 40: "RTC",
             47: "spurious (8259 slave)", 255: "spurious (LAPIC)"}
T_SYSCALL_FIRST, T_SYSCALLS = 88, 9
CLOCK_STUBS = ("clock_stub", "clock_stub_lapic", "clock_stub_work", "clock_stub_lapic_work")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def u32(addr):
    return int.from_bytes(bytes(gdb.selected_inferior().read_memory(addr, 4)), "little")


def u64(addr):
    return int.from_bytes(bytes(gdb.selected_inferior().read_memory(addr, 8)), "little")


def address_of(name):
    return int(gdb.parse_and_eval(f"(unsigned int)&{name}"))


def symbol_at(addr):
    text = gdb.execute(f"info symbol {addr:#x}", to_string=True).strip()
    if text.startswith("No symbol"):
        return ""
    name = text.split(" in section")[0]
    if name.startswith("."):
        # A NASM macro's local label: name the clock stub it is in instead.
        stubs = sorted((address_of(s), s) for s in CLOCK_STUBS)
        inside = [(a, s) for a, s in stubs if a <= addr]
        if inside:
            return f"{inside[-1][1]} + {addr - inside[-1][0]}"
    return name


def vector_name(v):
    if v < len(VECTOR_NAMES):
        return VECTOR_NAMES[v]
    if T_SYSCALL_FIRST <= v < T_SYSCALL_FIRST + T_SYSCALLS:
        return f"service {v - T_SYSCALL_FIRST}"
    return IRQ_NAMES.get(v, "")


# ---- the GDT and the tasks ---------------------------------------------------------

def gdt_entries():
    gdt = gdb.parse_and_eval("gdt")
    count = int(gdt.type.sizeof // 8)
    base = address_of("gdt")
    return [u64(base + 8 * i) for i in range(count)]


def descriptor(d):
    """(base, limit in bytes, access byte, flags nibble) of an 8-byte descriptor."""
    base = (d >> 16 & 0xFFFFFF) | (d >> 56 & 0xFF) << 24
    limit = (d & 0xFFFF) | (d >> 48 & 0xF) << 16
    flags = d >> 52 & 0xF
    if flags & 0x8:
        limit = limit << 12 | 0xFFF
    return base, limit, d >> 40 & 0xFF, flags


def all_tasks():
    """(name, struct task value) of every task the kernel has."""
    out = [("idle", gdb.parse_and_eval("idle_task")), ("display", gdb.parse_and_eval("display_task"))]
    tasks = gdb.parse_and_eval("tasks")
    for i in range(tasks.type.range()[1] + 1):
        out.append((chr(ord("A") + i), tasks[i]))
    return out


def running_selector():
    """The selector of the TSS whose descriptor is busy: the task register's."""
    for i, d in enumerate(gdt_entries()):
        _, _, access, _ = descriptor(d)
        if access & 0x9F == 0x8B:
            return i << 3
    return None


def find_task(spec):
    """The (name, struct task) that spec names; None for the running one."""
    if spec is None or spec == "":
        sel = running_selector()
        for name, t in all_tasks():
            if int(t["selector"]) == sel and int(t["state"]) != 0:
                return name, t
        raise gdb.GdbError("no task is running (the boot flow runs on its own TSS)")
    spec = spec.strip()
    for name, t in all_tasks():
        if name.lower() == spec.lower():
            return name, t
    try:
        sel = int(gdb.parse_and_eval(spec)) & ~7
    except gdb.error:
        raise gdb.GdbError(f"no task {spec!r}: A-D, idle, display or a TSS selector")
    for name, t in all_tasks():
        if int(t["selector"]) == sel and int(t["state"]) != 0:
            return name, t
    raise gdb.GdbError(f"no task has selector {sel:#x}")


def task_cr3(t, running):
    return int(gdb.parse_and_eval("$cr3")) if running else int(t["tss"]["cr3"])


class Tasks(gdb.Command):
    """The kernel's tasks: state, TSS selector, EIP, ESP and CR3.
The running task's EIP and ESP are the live registers; the others' are those its TSS saved."""

    def __init__(self):
        super().__init__("tasks", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        running = running_selector()
        print(f"{'task':8} {'state':14} {'sel':>5} {'eip':>10} {'esp':>10} {'cr3':>10}")
        for name, t in all_tasks():
            state = str(t["state"])
            if state == "TASK_FREE":
                print(f"{name:8} {'free':14}")
                continue
            sel = int(t["selector"])
            live = sel == running
            tss = t["tss"]
            eip = int(gdb.parse_and_eval("$eip")) if live else int(tss["eip"])
            esp = int(gdb.parse_and_eval("$esp")) if live else int(tss["esp"])
            mark = " <- running" if live else ""
            where = symbol_at(eip)
            where = f"  {where}" if where else ""
            print(f"{name:8} {state[5:].lower():14} {sel:#5x} {eip:#010x} {esp:#010x} "
                  f"{task_cr3(t, live):#010x}{mark}{where}")


class Tss(gdb.Command):
    """One task's TSS: tss TASK (A-D, idle, display, a selector; none: the running task).
The running task's TSS holds what it saved when it last left the CPU."""

    def __init__(self):
        super().__init__("tss", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        name, t = find_task(arg or None)
        tss = t["tss"]
        f = lambda field: int(tss[field])
        print(f"task {name}: TSS at {int(tss.address):#010x}, selector {int(t['selector']):#x}"
              f"{'  (running: saved values are from its last switch away)' if int(t['selector']) == running_selector() else ''}")
        print(f"  link  {f('link'):#06x}   esp0 {f('esp0'):#010x} ss0 {f('ss0'):#06x}   "
              f"cr3 {f('cr3'):#010x}   iomap {f('iomap'):#x}")
        print(f"  eip   {f('eip'):#010x} {symbol_at(f('eip'))}")
        print(f"  eflags {f('eflags'):#010x}   esp {f('esp'):#010x}   ebp {f('ebp'):#010x}")
        print(f"  eax {f('eax'):#010x} ebx {f('ebx'):#010x} ecx {f('ecx'):#010x} edx {f('edx'):#010x}")
        print(f"  esi {f('esi'):#010x} edi {f('edi'):#010x}")
        print(f"  cs {f('cs'):#06x} ss {f('ss'):#06x} ds {f('ds'):#06x} es {f('es'):#06x} "
              f"fs {f('fs'):#06x} gs {f('gs'):#06x} ldt {f('ldt'):#06x}")


def tss_owner(base):
    for name, t in all_tasks():
        if int(t["tss"].address) == base:
            return name
    return ""


class Gdt(gdb.Command):
    """The GDT decoded: base, limit, kind, ring, and for a TSS the task it belongs to."""

    def __init__(self):
        super().__init__("gdt", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        for i, d in enumerate(gdt_entries()):
            if d == 0:
                print(f"{i:2} {i << 3:#06x} null")
                continue
            base, limit, access, flags = descriptor(d)
            dpl = access >> 5 & 3
            present = "" if access & 0x80 else " not-present"
            if access & 0x10:
                kind = "code" if access & 0x08 else "data"
                rights = ("r" if access & 0x02 else "") if access & 0x08 else ("w" if access & 0x02 else "r")
                bits = "32-bit" if flags & 0x4 else "16-bit"
                print(f"{i:2} {i << 3:#06x} {kind} {rights:1} {bits} ring {dpl} base {base:#010x} "
                      f"limit {limit:#010x}{present}")
            elif access & 0x0F in (0x9, 0xB):
                busy = "busy" if access & 0x0F == 0xB else "available"
                owner = tss_owner(base) or symbol_at(base)
                print(f"{i:2} {i << 3:#06x} TSS {busy:9} ring {dpl} base {base:#010x} "
                      f"limit {limit:#06x} {owner}{present}")
            else:
                print(f"{i:2} {i << 3:#06x} system type {access & 0xF:#x} raw {d:#018x}")


class Idt(gdb.Command):
    """The IDT decoded: the present gates, their kind, ring and target (idt ALL shows empty ones too)."""

    def __init__(self):
        super().__init__("idt", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        base = address_of("idt")
        for v in range(256):
            d = u64(base + 8 * v)
            access = d >> 40 & 0xFF
            if not access & 0x80:
                if arg.strip().lower() == "all":
                    print(f"{v:3} empty")
                continue
            selector = d >> 16 & 0xFFFF
            dpl = access >> 5 & 3
            kind = access & 0x1F
            name = vector_name(v)
            if kind == 0x05:
                print(f"{v:3} task gate      ring {dpl} TSS {selector:#06x}  {name}")
                continue
            offset = (d & 0xFFFF) | (d >> 48 & 0xFFFF) << 16
            gate = {0x0E: "interrupt gate", 0x0F: "trap gate"}.get(kind, f"type {kind:#x}")
            print(f"{v:3} {gate:14} ring {dpl} {selector:#06x}:{offset:#010x} "
                  f"{symbol_at(offset):24} {name}")


def flags_text(entry):
    return " ".join(n for bit, n in PTE_BITS if entry & bit) or "-"


class Ptwalk(gdb.Command):
    """ptwalk ADDR [TASK]: the walk of virtual address ADDR through TASK's page directory
(the running task's without TASK): each level's entry with its flags, then the physical address."""

    def __init__(self):
        super().__init__("ptwalk", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        words = gdb.string_to_argv(arg)
        if not words or len(words) > 2:
            raise gdb.GdbError("usage: ptwalk ADDR [TASK]")
        va = int(gdb.parse_and_eval(words[0])) & 0xFFFFFFFF
        name, t = find_task(words[1] if len(words) > 1 else None)
        cr3 = task_cr3(t, int(t["selector"]) == running_selector()) & ~0xFFF
        pdx, ptx = va >> 22, va >> 12 & 0x3FF
        # Directories and tables come from the kernel pool, inside the
        # identity map every directory has: read at their physical address.
        pde = u32(cr3 + 4 * pdx)
        print(f"task {name}: {va:#010x} in the directory at {cr3:#010x}")
        print(f"  PDE[{pdx}] at {cr3 + 4 * pdx:#010x} = {pde:#010x}  {flags_text(pde & 0xFFF)}")
        if not pde & 1:
            print("  not present: page fault")
            return
        if pde & 0x80:
            pa = (pde & 0xFFC00000) | (va & 0x3FFFFF)
            print(f"  4 MiB page: physical {pa:#010x}")
            return
        table = pde & ~0xFFF
        pte = u32(table + 4 * ptx)
        print(f"  PTE[{ptx}] at {table + 4 * ptx:#010x} = {pte:#010x}  {flags_text(pte & 0xFFF)}")
        if not pte & 1:
            print("  not present: page fault")
            return
        user = "user" if pde & pte & 4 else "supervisor"
        rights = "writable" if pde & pte & 2 else "read-only"
        print(f"  physical {(pte & ~0xFFF) | (va & 0xFFF):#010x}: {user}, {rights}")


# ---- the interrupt stubs' frames -------------------------------------------------

# vectors.asm: at the return address of `call trap`/`call syscall`, ESP
# points at the struct trapframe * argument, and the frame follows it.
TRAPFRAME_REGS = ["edi", "esi", "ebp", "esp_pushad", "ebx", "edx", "ecx", "eax", "es", "ds",
                  "vector", "error", "eip", "cs", "eflags", "esp", "ss"]
# clock.asm: pushad, then ds, es; no vector, no error code.
CLOCK_REGS = ["es", "ds", "edi", "esi", "ebp", "esp_pushad", "ebx", "edx", "ecx", "eax",
              "eip", "cs", "eflags", "esp", "ss"]


STUBS = None


def stub_ranges():
    """(first, end, layout, start of the words) of the kernel's stubs."""
    global STUBS
    if STUBS is None:
        trap_common = address_of("trap_common")
        after = address_of("spurious_stub")
        clock = address_of("clock_stub")
        # The last clock stub ends with its return: pop es, pop ds, popad, iret.
        last = address_of("clock_stub_lapic_work")
        code = bytes(gdb.selected_inferior().read_memory(last, 0x100))
        clock_end = last + code.index(b"\x07\x1f\x61\xcf") + 4
        STUBS = [(trap_common, after, TRAPFRAME_REGS, 4), (clock, clock_end, CLOCK_REGS, 0)]
    return STUBS


def stub_frame(pc, sp):
    """The registers a stub saved, by name, when pc (with stack pointer sp) is
    in a stub just after a call or a task switch back; else None."""
    for first, end, layout, skip in stub_ranges():
        if first <= pc < end:
            code = bytes(gdb.selected_inferior().read_memory(pc - 6, 6))
            # e8 rel32 (a call), or ff 2d m32 (the clock's jmp far to the next TSS)
            if code[1] != 0xE8 and code[:2] != b"\xff\x2d":
                return None
            regs = {name: u32(sp + skip + 4 * i) for i, name in enumerate(layout[:-2])}
            regs["at"] = sp + skip
            if regs["cs"] & 3 or regs["eflags"] & 0x20000:
                regs["esp"] = u32(sp + skip + 4 * (len(layout) - 2))
                regs["ss"] = u32(sp + skip + 4 * (len(layout) - 1))
            else:
                # From ring 0 the CPU pushed no ESP: the interrupted stack starts past EFLAGS.
                regs["esp"] = sp + skip + 4 * (len(layout) - 2)
            return regs
    return None


class FrameId:
    def __init__(self, sp, pc):
        self.sp, self.pc = sp, pc


class StubUnwinder(Unwinder):
    """From a stub's frame to the code it interrupted."""

    def __init__(self):
        super().__init__("genesis interrupt stubs")

    def __call__(self, pending):
        pc = int(pending.read_register("eip"))
        sp = int(pending.read_register("esp"))
        try:
            regs = stub_frame(pc, sp)
        except (gdb.MemoryError, ValueError):
            return None                      # before the kernel is loaded
        if regs is None:
            return None
        info = pending.create_unwind_info(FrameId(gdb.Value(regs["at"]), gdb.Value(pc)))
        for name in ("eip", "esp", "ebp", "eax", "ecx", "edx", "ebx", "esi", "edi", "eflags",
                     "cs", "ds", "es"):
            info.add_saved_register(name, gdb.Value(regs[name]).cast(gdb.lookup_type("unsigned int")))
        return info


class Trapframe(gdb.Command):
    """The registers the innermost interrupt stub saved: the trap frame of the service or
interrupt the CPU is in (from the selected frame outwards)."""

    def __init__(self):
        super().__init__("trapframe", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        frame = gdb.selected_frame()
        while frame is not None:
            regs = stub_frame(int(frame.pc()), int(frame.read_register("esp")))
            if regs:
                break
            frame = frame.older()
        if frame is None:
            raise gdb.GdbError("no interrupt stub in the backtrace")
        stub = symbol_at(int(frame.pc())).split(" + ")[0]
        at = regs["at"]
        if "vector" in regs:
            v = regs["vector"]
            print(f"struct trapframe at {at:#010x} (stub {stub}): vector {v} {vector_name(v)}, "
                  f"error {regs['error']:#x}")
        else:
            print(f"clock frame at {at:#010x} (stub {stub}): vector 32 clock")
        user = regs["cs"] & 3 or regs["eflags"] & 0x20000
        print(f"  from {'ring 3' if user else 'ring 0'}: eip {regs['eip']:#010x} {symbol_at(regs['eip'])}")
        print(f"  cs {regs['cs']:#06x} eflags {regs['eflags']:#010x} esp {regs['esp']:#010x}"
              + (f" ss {regs['ss']:#06x}" if user else ""))
        print(f"  eax {regs['eax']:#010x} ebx {regs['ebx']:#010x} ecx {regs['ecx']:#010x} "
              f"edx {regs['edx']:#010x}")
        print(f"  esi {regs['esi']:#010x} edi {regs['edi']:#010x} ebp {regs['ebp']:#010x} "
              f"ds {regs['ds']:#06x} es {regs['es']:#06x}")


# ---- the tasks' own code ------------------------------------------------------------

def inserted_elfs():
    """letter -> ELF file with the debug information of the inserted cartridge's tasks."""
    try:
        name = gdb.parse_and_eval("slot_inserted->name").string()
    except gdb.error:
        raise gdb.GdbError("no cartridge is inserted yet (slot_inserted is 0)")
    stem = name.rsplit(".", 1)[0].lower()
    for folder in ("cartridges", "tests/carts"):
        path = os.path.join(ROOT, "build", "obj", "cartridges", folder, stem)
        found = {L: os.path.join(path, f"{L}.elf") for L in "ABCD"
                 if os.path.exists(os.path.join(path, f"{L}.elf"))}
        if found:
            return found
    raise gdb.GdbError(f"no task ELF of {name} under build/obj/cartridges/ (make builds them)")


def load_task_symbols(quiet=False):
    loaded = {os.path.realpath(o.filename) for o in gdb.objfiles() if o.filename}
    elfs = inserted_elfs()
    for letter, path in sorted(elfs.items()):
        if os.path.realpath(path) not in loaded:
            gdb.execute(f"add-symbol-file {path} -readnow", to_string=True)
        if not quiet:
            print(f"task {letter}: {os.path.relpath(path, ROOT)} (linked at 0x05000000)")
    return elfs


class TaskSymbols(gdb.Command):
    """Adds the symbols of the inserted cartridge's tasks (their ELFs under build/)."""

    def __init__(self):
        super().__init__("task-symbols", gdb.COMMAND_FILES)

    def invoke(self, arg, from_tty):
        load_task_symbols()


def task_pcs(letter, spec):
    """The addresses spec names in task letter's program.  The tasks' programs
    share their addresses and often their sources, and GDB resolves a
    location in every loaded program at once: the others leave for the time
    the location is resolved."""
    elfs = load_task_symbols(quiet=True)
    if letter not in elfs:
        raise gdb.GdbError(f"task {letter} has no ELF with symbols")
    others = [path for L, path in sorted(elfs.items()) if L != letter]
    for path in others:
        gdb.execute(f"remove-symbol-file {path}", to_string=True)
    try:
        probe = gdb.Breakpoint(spec, internal=True)
        pcs = sorted({int(loc.address) for loc in probe.locations})
        probe.delete()
    except gdb.error as e:
        raise gdb.GdbError(f"{spec}: {e}")
    finally:
        for path in others:
            gdb.execute(f"add-symbol-file {path} -readnow", to_string=True)
    if not pcs:
        raise gdb.GdbError(f"{spec}: not in task {letter}'s program")
    return pcs


class TaskBreak(gdb.Command):
    """task-break L LOCATION: a breakpoint at LOCATION (a function, FILE:LINE or *ADDRESS of
task L's program) that stops only when task L runs.  Every task's code lives at
0x05000000, so the breakpoint holds the condition that CR3 is task L's page directory."""

    def __init__(self):
        super().__init__("task-break", gdb.COMMAND_BREAKPOINTS)

    def invoke(self, arg, from_tty):
        words = arg.split(None, 1)
        if len(words) != 2 or words[0].upper() not in "ABCD" or len(words[0]) != 1:
            raise gdb.GdbError("usage: task-break LETTER LOCATION")
        letter, spec = words[0].upper(), words[1]
        slot = ord(letter) - ord("A")
        pcs = [int(gdb.parse_and_eval(spec[1:]))] if spec.startswith("*") else task_pcs(letter, spec)
        for pc in pcs:
            bp = gdb.Breakpoint(f"*{pc:#x}")
            bp.condition = f"($cr3 & ~0xfff) == (unsigned int)tasks[{slot}].pd"
            print(f"breakpoint {bp.number} in task {letter} only: {pc:#010x} {symbol_at(pc)}")


Tasks()
Tss()
Gdt()
Idt()
Ptwalk()
Trapframe()
TaskSymbols()
TaskBreak()
gdb.unwinder.register_unwinder(None, StubUnwinder(), replace=True)

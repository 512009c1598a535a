"""The kernel's architecture, checked: each layer includes only the layers
below it, the address map of mm/memlayout.h is the one the SDK gives games,
and every file the documentation points at exists."""
import os
import re
from pathlib import Path

from genesis import ROOT, defines

KERNEL = ROOT / "kernel"

# Lowest first.  abi/ is shared with the loader and mkcart and includes only
# itself; everything may include it.  A file at the top of kernel/ (main.c)
# is the boot sequence, above every layer.
LAYERS = ["abi", "arch", "lib", "mm", "dev", "task", "console"]
TOP = len(LAYERS)
# The dispatch points know every layer, as in xv6: the boot sequence, where
# interrupts land, and the service table.
DISPATCH = {"main.c", "arch/trap.c", "task/syscall.c"}

INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]+"([^"]+)"', re.M)


def layer_of(relative):
    """The rank of a path relative to kernel/ ("dev/kbd.c" -> 4)."""
    head = relative.split("/")[0]
    return LAYERS.index(head) if head in LAYERS else TOP


def include_violations(root):
    """'file:line: message' for each include that breaks the layer rule."""
    found = []
    for path in sorted(root.rglob("*.[ch]")):
        relative = path.relative_to(root).as_posix()
        if relative in DISPATCH:
            continue
        rank = layer_of(relative)
        text = path.read_text()
        for match in INCLUDE.finditer(text):
            target = match.group(1)
            line = text.count("\n", 0, match.start()) + 1
            if "/" not in target:
                # Only abi/ may include by bare name (the loader and mkcart
                # see it through -Ikernel/abi).
                if rank != 0:
                    found.append(f"kernel/{relative}:{line}: includes \"{target}\" without its layer folder")
                continue
            if target.split("/")[0] not in LAYERS:
                found.append(f"kernel/{relative}:{line}: includes \"{target}\", not a layer's header")
                continue
            if layer_of(target) > rank:
                found.append(f"kernel/{relative}:{line}: {LAYERS[rank] if rank < TOP else 'kernel'} "
                             f"includes {target}, from the {LAYERS[layer_of(target)]} layer above it")
    return found


def test_each_layer_includes_only_the_layers_below_it():
    assert include_violations(KERNEL) == []


def test_the_layer_rule_names_the_file_and_line_that_breaks_it(tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "console").mkdir()
    (tmp_path / "console" / "display.h").write_text("// display\n")
    (tmp_path / "dev" / "kbd.c").write_text('#include <stdint.h>\n\n#include "console/display.h"\n')
    assert include_violations(tmp_path) == [
        "kernel/dev/kbd.c:3: dev includes console/display.h, from the console layer above it"]


def test_a_dispatch_point_may_include_any_layer(tmp_path):
    (tmp_path / "arch").mkdir()
    (tmp_path / "arch" / "trap.c").write_text('#include "console/reader.h"\n')
    (tmp_path / "arch" / "gdt.c").write_text('#include "console/reader.h"\n')
    assert include_violations(tmp_path) == [
        "kernel/arch/gdt.c:1: arch includes console/reader.h, from the console layer above it"]


def modules():
    """The include graph between modules (a .c file and its .h are one)."""
    graph = {}
    for path in KERNEL.rglob("*.[ch]"):
        relative = path.relative_to(KERNEL).with_suffix("").as_posix()
        uses = graph.setdefault(relative, set())
        for target in INCLUDE.findall(path.read_text()):
            if "/" in target:
                uses.add(str(Path(target).with_suffix("")))
    return graph


def cycles(graph):
    """The strongly connected components with more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_include_cycle_outside_the_dispatch_points():
    graph = modules()
    for point in DISPATCH:
        graph.pop(str(Path(point).with_suffix("")), None)
    assert cycles(graph) == []


# ---- the address map in two places --------------------------------------------

def test_the_sdk_draws_the_same_address_map_as_memlayout():
    sdk, kernel = defines("cartridges/sdk/genesis.h"), defines("kernel/mm/memlayout.h")
    pairs = {
        "GENESIS_KERNEL_END": "USER_BASE", "GENESIS_ACCESS_ADDR": "USER_ACCESS_BYTE",
        "GENESIS_CODE_BASE": "USER_CODE_BASE", "GENESIS_CODE_SIZE": "USER_CODE_SIZE",
        "GENESIS_DATA_BASE": "USER_DATA_BASE", "GENESIS_DATA_MAX_PAGES": "USER_DATA_MAX_PAGES",
        "GENESIS_STACK_TOP": "USER_STACK_TOP", "GENESIS_CONSOLE_BASE": "USER_CONSOLE_BASE",
        "GENESIS_CONSOLE_END": "USER_CONSOLE_END", "GENESIS_SCREEN_ADDR": "USER_SCREEN_PAGE",
        "GENESIS_PAD_ADDR": "USER_PAD_PAGE", "GENESIS_COPY_MIN": "USER_COPY_MIN",
        "GENESIS_COPY_MAX": "USER_COPY_MAX", "GENESIS_DMA_ADDR": "USER_DMA_PAGE",
        "GENESIS_ROM_ADDR": "USER_ROM_BASE", "GENESIS_ROM_MAX_FRAMES": "USER_ROM_MAX_FRAMES",
        "GENESIS_ROM_PALETTE_ADDR": "USER_ROM_PALETTE", "GENESIS_ROM_HEADER_ADDR": "USER_ROM_HEADER",
        "GENESIS_ROM_END": "USER_ROM_END",
    }
    for sdk_name, kernel_name in pairs.items():
        assert sdk[sdk_name] == kernel[kernel_name], (sdk_name, kernel_name)
    assert sdk["GENESIS_STACK_SIZE"] == kernel["USER_STACK_PAGES"] * sdk["GENESIS_PAGE_SIZE"]
    assert kernel["USER_ACCESS_BYTE"] & ~0xFFF == kernel["USER_ACCESS_PAGE"]
    assert kernel["USER_DATA_END"] == (kernel["USER_DATA_BASE"]
                                       + kernel["USER_DATA_MAX_PAGES"] * sdk["GENESIS_PAGE_SIZE"])
    assert kernel["USER_BASE"] == kernel["KERNEL_IDENTITY_END"]
    assert kernel["USER_END"] == kernel["KWIN_BASE"]


def test_the_rom_window_holds_the_biggest_cartridge_clear_of_its_neighbours():
    kernel, cart = defines("kernel/mm/memlayout.h"), defines("kernel/abi/cart.h")
    page = cart["CART_PAGE_SIZE"]
    assert kernel["USER_ROM_MAX_FRAMES"] == cart["CART_MAX_FRAMES"]
    assert kernel["USER_ROM_BASE"] + kernel["USER_ROM_MAX_FRAMES"] * page == kernel["USER_ROM_PALETTE"]
    assert kernel["USER_ROM_PALETTE"] + page == kernel["USER_ROM_HEADER"]
    assert kernel["USER_ROM_HEADER"] + page <= kernel["USER_ROM_END"]
    assert kernel["USER_ACCESS_PAGE"] + page <= kernel["USER_ROM_BASE"]
    assert kernel["USER_ROM_END"] <= kernel["USER_CODE_BASE"]
    # Whole page tables: a task's ROM tables hold nothing else.
    assert kernel["USER_ROM_BASE"] % (4 << 20) == 0 and kernel["USER_ROM_END"] % (4 << 20) == 0


def header_offsets():
    """Field -> byte offset of struct cart_file_header, from the offsets its
    comments give (kernel/abi/cart.h), checked against the field sizes."""
    text = (ROOT / "kernel/abi/cart.h").read_text()
    body = re.search(r"struct cart_file_header \{(.*?)\n\};", text, re.S).group(1)
    offsets = {}
    for m in re.finditer(r"^\s*\w+\s+(\w+)(?:\[\w+\])?;\s*//\s*(\d+)\b", body, re.M):
        offsets[m.group(1)] = int(m.group(2))
    return offsets


def test_the_sdk_reads_the_header_fields_where_the_format_puts_them():
    sdk, offsets = defines("cartridges/sdk/genesis.h"), header_offsets()
    assert sdk["GENESIS_ROM_TITLE"] == offsets["title"]
    assert sdk["GENESIS_ROM_FRAMES"] == offsets["frame_count"]
    assert sdk["GENESIS_ROM_COLORS"] == offsets["palette_count"]
    # The comments are the layout: each offset follows from the one before.
    assert offsets["version"] == 8 and offsets["frames_offset"] == offsets["frame_count"] + 4


# ---- the documentation points at files that exist -------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)")


def broken_links(files):
    """'file: target' for each relative link that names no file."""
    found = []
    for path in files:
        for target in LINK.findall(path.read_text()):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            local = target.split("#")[0]
            if local and not (path.parent / local).exists():
                found.append(f"{os.path.relpath(path, ROOT)}: {target}")
    return found


def documents():
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "esp" / "README.md"]


def test_every_link_in_the_docs_names_a_file_that_exists():
    assert broken_links(documents()) == []


def test_a_broken_link_is_reported(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "there.md").write_text("x")
    page.write_text("[ok](there.md) [web](https://example.org) [gone](missing.md#part)\n")
    found = broken_links([page])
    assert len(found) == 1 and found[0].endswith("page.md: missing.md#part")


def test_sources_and_docs_point_only_inside_the_repository():
    """The course's documents and design notes are not in a clone: what a
    reader needs from them is in docs/ (docs/abi.md, docs/exam-000.md,
    docs/exam-004.md)."""
    outside = re.compile(r"design\.md|facts\.md|seeds/|shared/")
    found = []
    for base in ("kernel", "efi", "mkcart", "cartridges", "tests", "docs"):
        for path in (ROOT / base).rglob("*"):
            if path.is_file() and path.suffix in {".c", ".h", ".asm", ".py", ".md", ".mk", ".ld"}:
                for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                    if outside.search(line) and path.name != "test_layers.py":
                        found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in (ROOT / "README.md", ROOT / "Makefile"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if outside.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == []


def test_docs_named_in_the_sources_exist():
    named = re.compile(r"\bdocs/[\w-]+\.md\b")
    missing = []
    for base in ("kernel", "efi", "mkcart", "cartridges", "tests", "Makefile"):
        paths = [ROOT / base] if (ROOT / base).is_file() else (ROOT / base).rglob("*")
        for path in paths:
            if path.is_file() and path.suffix in {".c", ".h", ".asm", ".py", ".mk", ""}:
                for doc in named.findall(path.read_text(errors="replace")):
                    if not (ROOT / doc).exists():
                        missing.append(f"{path.relative_to(ROOT)}: {doc}")
    assert missing == []


def test_tests_share_helpers_through_the_harness_not_each_other():
    # A test that imports another drags in its module-level state and makes
    # one test's edit another's failure; shared helpers live in tests/boot/.
    importing = re.compile(r"^\s*(?:from|import)\s+(test_\w+)", re.M)
    found = [f"{p.relative_to(ROOT)} imports {m.group(1)}"
             for p in sorted((ROOT / "tests").glob("*.py")) if p.name.startswith(("test_", "bench_"))
             for m in importing.finditer(p.read_text())]
    found += [f"{p.relative_to(ROOT)} imports {m.group(1)}"
              for p in sorted((ROOT / "tests" / "boot").glob("*.py"))
              for m in importing.finditer(p.read_text())]
    assert found == [], found

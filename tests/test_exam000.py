"""Seed 000 (issue 5): data areas, SetDataLimit (int 88) and ReadData (int 89).

The tasks of tests/carts/exam000_data check what they see themselves and
print one `ok: ...` or `FAIL: ...` line per check; these scenarios make sure
every check ran, none failed, and the kernel's own lines (kills, the free
pages) agree.
"""

import re

from genesis import KILLED, boot, defines, expect_clean_end, expect_no_leak

# Every check of tests/carts/exam000_data, by task, in the order each runs.
CHECKS = {
    "A": [
        "A grew its area to 2 pages",
        "A's new pages read as zeros",
        "A shrank its area to 1 page",
        "the services kept every register but their results",
        "ReadData gave EDX 0 or 1, ECX a zero-extended byte, both 0 when invalid",
    ],
    "B": [
        "B's area starts empty",
        "B grew its area to 1 page",
        "B read A's byte 0",
        "B read A's byte 4095",
        "B read A's byte 8191, zero-extended",
        "B read A's untouched byte 4096 as 0",
        "A's offset 8192 is invalid with 2 pages",
        "A's offset 0xFFFFFFFF is invalid",
        "A's offset 4096 is invalid after shrinking to 1 page",
        "A's offset 4095 still reads after shrinking",
        "letters '@' 'E' 'a' 'd' 0 0xFF and 'A' with high bits are invalid",
        "'D', a task this cartridge lacks, is invalid",
        "B reads its own area",
        "A's area is invalid once A has exited",
        "C's area is invalid once C was killed",
        "0xFFFFFFFF pages give 1024",
        "0 pages give 0",
        "an empty area has no byte 0",
        "1025 pages give 1024",
        "the last byte of 1024 pages is writable and reads back",
        "offset 4 MiB is invalid",
        "1000 cycles of 1024 pages and 0 pages, every regrown page zeroed",
        "B gave its whole area back",
        "the services kept every register but their results",
        "ReadData gave EDX 0 or 1, ECX a zero-extended byte, both 0 when invalid",
    ],
    "C": [
        "C grew its area to 2 pages",
    ],
}


def test_data_areas_grow_shrink_share_and_leak_nothing():
    # max_ticks only stops a run whose tasks wait forever for each other.
    run = boot("exam000-data", carts=["exam000_data"], config="exit=idle\nmax_ticks=12000\n")
    expect_clean_end(run)
    run.expect_none(r"genesis: max_ticks reached, ticks=\d+$")
    run.expect_none(r"task .: FAIL: ")
    for letter, checks in CHECKS.items():
        run.expect_order(*(rf"task {letter}: ok: {re.escape(check)}$" for check in checks))
        assert len(run.all(rf"task {letter}: ok: ")) == len(checks), run.describe()
    run.expect(r"task A: exited status=0$")
    run.expect(r"task B: exited status=0$")
    # C wrote to page 1 (0x05401000) right after giving it back: the write
    # faulted (not present, user, write), so the TLB entry was invalidated.
    run.expect(r"task C: killed page fault vector=14 err=0x00000006 eip=0x[0-9a-f]{8} "
               r"cr2=0x05401000$")
    # The turns the tasks take through each other's areas.
    run.expect_order(r"task A: ok: A grew its area to 2 pages$",
                     r"task B: ok: B read A's byte 8191, zero-extended$",
                     r"task A: ok: A shrank its area to 1 page$",
                     r"task B: ok: A's offset 4096 is invalid after shrinking to 1 page$",
                     r"task A: exited status=0$",
                     r"task B: ok: A's area is invalid once A has exited$")
    run.expect_order(rf"task C: {KILLED}", r"task B: ok: C's area is invalid once C was killed$")
    # 1,000 cycles of 1024 pages, the shared pages, the killed task's pages:
    # every frame and page table is back in its pool.
    expect_no_leak(run)


SAMPLE = [
    "task A: my area starts with 0 pages",
    "task A: grew my area to 1 page",
    *(f"task A: grew my area to {n} pages" for n in range(2, 9)),
    'task B: A\'s area says: "Hello from A\'s data area, read by another task"',
    "task B: A's area is 32768 bytes, 8 pages; its last page is marked 8",
    "task A: B has measured my area: bye",
    "task B: A has exited: its area reads invalid now",
    "task C: grew my area to 3 pages",
    "task C: the primes below 8192 are in my area",
    "task D: primes below 100 in C's area: 2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59 61 "
    "67 71 73 79 83 89 97",
    "task D: C's area holds 1028 primes below 8192",
    "task C: D is done: shrinking my area to 0 pages",
    "task D: C's area is gone: ReadData now says invalid",
    "task D: and there is no task E: valid=0",
]


def test_sample_cartridge_shares_data_between_its_four_tasks():
    # Inserted twice: the second tasks of each letter start with empty areas
    # too, although their slots held areas of 8, 1, 3 and 1 pages.
    run = boot("exam000-sample", carts=["exam000"], config="exit=idle\nrepeat=1\nmax_ticks=6000\n")
    expect_clean_end(run)
    run.expect_none(r"genesis: max_ticks reached, ticks=\d+$")
    assert len(run.all(r'cart: inserted "Exam 000: data areas"$')) == 2, run.describe()
    for line in SAMPLE:
        assert len(run.all(re.escape(line) + "$")) == 2, f"{line!r} not twice\n{run.describe()}"
    for letter in "ABCD":
        assert len(run.all(rf"task {letter}: exited status=0$")) == 2, run.describe()
    run.expect_order(r"task A: exited status=0$",
                     r"task B: A has exited: its area reads invalid now$")
    run.expect_order(r"task C: D is done: shrinking my area to 0 pages$",
                     r"task D: C's area is gone: ReadData now says invalid$")
    expect_no_leak(run)


def test_sdk_and_kernel_agree_on_the_data_area():
    sdk = defines("cartridges/sdk/genesis.h")
    kernel = {**defines("kernel/mm/memlayout.h"), **defines("kernel/task/syscall.h")}
    assert sdk["GENESIS_DATA_BASE"] == kernel["USER_DATA_BASE"]
    assert sdk["GENESIS_DATA_MAX_PAGES"] == kernel["USER_DATA_MAX_PAGES"]
    assert sdk["GENESIS_SYS_SET_DATA_LIMIT"] == kernel["SYS_SET_DATA_LIMIT"] == 88
    assert sdk["GENESIS_SYS_READ_DATA"] == kernel["SYS_READ_DATA"] == 89


def test_running_out_part_way_keeps_what_it_got_and_leaks_nothing():
    # 64 task pages: the task's own frames take some, the area gets the rest.
    run = boot("exam000-oom", carts=["exam000_oom"], config="exit=idle\ntask_pages=64\n")
    expect_clean_end(run)
    run.expect(r"mem: task pool capped at 64 pages \(task_pages, for tests\)$")
    got = int(run.expect(r"task A: grew to (\d+) of 1024 pages$").group(1))
    assert 0 < got < 64, run.describe()
    run.expect(r"task A: wrote the area's first and last byte$")
    run.expect(rf"task A: asked again, has {got} pages$")
    run.expect(r"task A: shrank to 0 pages$")
    run.expect(rf"task A: grew again to {got} pages$")
    run.expect(r"task A: exited status=0$")
    expect_no_leak(run)

"""What one task can do to the others (issue 14, docs/kernel.md's fault
isolation): take the kernel's pages, forge log lines, stall the machine with
prints.  Each scenario reproduces one way it was done, and checks that the
others go on."""

from genesis import NO_SCREEN, boot, expect_clean_end, expect_no_leak

REGIONS = 744          # 4 MiB regions from 0x06000000 to 0xBFC00000: where a copy page may go


def test_a_task_opening_the_reader_in_every_region_starves_no_other():
    # A and B each move their copy page through all 744 regions; each region
    # took a page table of the kernel's pool and kept it.  C comes after them.
    run = boot("isolation-tables", carts=["starve_tables"], config="exit=idle\nfps=1024\n",
               extra_args=NO_SCREEN)
    expect_clean_end(run)
    for letter in "AB":
        run.expect(rf"task {letter}: opened a copy page in {REGIONS} regions, 0 refused$")
        run.expect(rf"task {letter}: exited status=0$")
    run.expect(r"task C: after A and B: set_data_limit\(1\) -> 1, copy open -> 0, "
               r"dma open -> 0$")
    run.expect(r"task C: exited status=0$")
    expect_no_leak(run)

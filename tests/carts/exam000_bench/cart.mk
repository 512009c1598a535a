# The cartridge tests/bench_exam000.py steps through: one task that grows its
# data area by a page, reads a byte of it and shrinks it back, in a loop.
TITLE := Exam 000 benchmark

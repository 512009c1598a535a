# The cartridge tests/bench_frame.py steps through: A writes its whole
# screen once a tick, B spins, so every tick composes one changed screen.
TITLE := Frame benchmark

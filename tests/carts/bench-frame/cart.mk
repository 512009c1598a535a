# The cartridge tests/bench_frame.py steps through: A writes its whole
# screen once a tick, B spins, C and D wait for frames, so every tick
# composes one changed screen of four windows.
TITLE := Frame benchmark

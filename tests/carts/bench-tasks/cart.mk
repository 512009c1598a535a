# The cartridge tests/bench_tasks.py steps through: A calls a service that
# does nothing in a loop, B spins, so every clock tick switches tasks.
TITLE := Task benchmark

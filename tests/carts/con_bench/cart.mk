# Four tasks that redraw their whole screen every frame: the compositor's
# worst case, measured by tests/bench_console.py.
TITLE := Console benchmark
TASKS := A B C D

# tests/bench_reader.py: copy tasks joining one after another, so that
# deviceready() runs with 0, 1 and 4 copies to make.
TITLE := Reader benchmark
TASKS := A B C D

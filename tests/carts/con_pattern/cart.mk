# Four tasks that change their screens in a known order, a phase a second:
# tests/test_compose.py compares the incremental composer's screen with a
# full redraw's (selftest=composefull) at each phase.
TITLE := Compose pattern
TASKS := A B C D

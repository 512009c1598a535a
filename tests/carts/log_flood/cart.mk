# A task that floods the log beside three that take every frame at 64 per
# second (tests/test_isolation.py).
TITLE := Log flood

# The heartbeat's pace beside a task that floods the log (log_quiet: beside
# one that spins as long).
TITLE := Log pace

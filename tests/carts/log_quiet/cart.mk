# The heartbeat's pace beside a task that spins as long as log_pace's
# printer prints.
TITLE := Log quiet

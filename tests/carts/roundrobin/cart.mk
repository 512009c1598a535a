# Four tasks from one source (common/), counting on the log one line per
# clock tick of their own; D stops counting early and spins forever.
TITLE := Round robin
TASKS := A B C D

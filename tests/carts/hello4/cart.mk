# Four tasks from one source (common/): each prints its letter and exits
# with status 0 for A, 1 for B, 2 for C, 3 for D.
TITLE := Hello from four tasks
TASKS := A B C D

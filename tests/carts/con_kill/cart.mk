# Two tasks that die, each after showing a test card for a moment, and one
# that keeps drawing: the killed tasks' windows must say why they died.
TITLE := Console kills

# With selftest=composerace the display lets the tasks run between clearing
# a screen's Dirty bit and copying it; this task writes right then.
TITLE := Compose race

TITLE := Filters
FPS := 16
TASKS := A B C D

TITLE := Planet viewer
FPS := 32

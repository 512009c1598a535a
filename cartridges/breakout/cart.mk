TITLE := Breakout
FPS := 64

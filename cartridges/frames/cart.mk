TITLE := Bouncing ball
FPS := 8

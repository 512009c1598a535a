TITLE := Flat binary

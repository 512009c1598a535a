TITLE := Starfall

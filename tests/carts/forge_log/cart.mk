TITLE := Forged log lines

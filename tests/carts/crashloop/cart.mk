# Four tasks that end at once, three of them by a fault: a cartridge to
# insert a thousand times (BOOT.CFG repeat=) and count the pages after.
TITLE := Crash loop
TASKS := A B C D

# Tasks that die, in a cartridge that carries its functions' names
# (SYMBOLS := yes): the kill lines must name the function, or nothing
# when no function holds the address.
TITLE := Symbols
SYMBOLS := yes

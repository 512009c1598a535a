# A cartridge with neither frames nor palette (tests/test_rom.py): its ROM
# window is the header page alone.  A logs the counts, then reads where
# frame 0 would be; B reads where the palette would be.  Both are killed.
TITLE := ROM none

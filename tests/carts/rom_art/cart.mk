# The ROM window (tests/test_rom.py): A reads all the art and logs a sum of
# it, B writes a frame, C reads the page past the last frame, D prints the
# title straight from the header page.
TITLE := ROM art

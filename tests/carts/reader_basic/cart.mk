# The reader's single-task behaviours, one task each (tests/test_reader.py):
# A DMA, B DMA then closedevice, C copy mode, D the refusals.
TITLE := Reader basics

# One task that draws one picture and waits: the cartridge tests/test_compose.py
# swaps to and back from.
TITLE := Compose still

# Another cartridge's art for the swap test (tests/test_rom.py): rom_art's
# task A over five other frames and eight colours.
TITLE := ROM more

# A cartridge without frames: the video buffer stays zero, the reader still
# signals, and nothing a task does changes the buffer (tests/test_reader.py).
TITLE := Reader cycles

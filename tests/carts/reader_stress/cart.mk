# Three copy tasks and one DMA task take every frame at 64 per second
# (tests/test_reader.py): each opens again as soon as it has read a frame.
TITLE := Reader under load
TASKS := A B C D

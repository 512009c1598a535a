# The cartridge tests/bench_sound.py steps through: A spins for a while,
# then holds a long note on each of the four channels and spins on; B
# spins, so every clock tick switches tasks.
TITLE := Sound benchmark

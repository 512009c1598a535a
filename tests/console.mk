# The console's benchmark (tests/bench_console.py) boots this cartridge.
BENCHES += $(BUILD)/testcarts/con_bench.cart

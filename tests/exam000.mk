# Seed 000's benchmark (tests/bench_exam000.py) boots this test cartridge.
BENCHES += $(BUILD)/testcarts/exam000_bench.cart

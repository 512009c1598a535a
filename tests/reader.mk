# tests/bench_reader.py boots these two test cartridges.
BENCHES += $(BUILD)/testcarts/bench-reader.cart $(BUILD)/testcarts/reader_stress.cart

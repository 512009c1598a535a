# USB input's benchmark (tests/bench_usb.py) boots this cartridge too.
BENCHES += $(BUILD)/testcarts/con_pad.cart

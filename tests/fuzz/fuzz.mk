# libFuzzer target on the cartridge parser.  `make test` runs it briefly
# (tests/test_cart.py); `make fuzz` runs $(FUZZ_CMD) for FUZZ_TIME seconds,
# keeping what it learns in $(FUZZ_CORPUS) from one run to the next.  The
# sample and test cartridges are its seeds.
FUZZER      := $(BUILD)/tests/fuzz/fuzz_cart
FUZZ_CORPUS := $(BUILD)/tests/fuzz/corpus
FUZZ_TIME   ?= 600
# Inputs of 16 KB hold a header, a task, a palette and a frame, and are
# mutated seven times faster than the larger seeds; value profiling guides
# mutations through the parser's range checks.  tests/test_cart.py uses the
# same flags.
FUZZ_FLAGS  := -max_len=16384 -use_value_profile=1
FUZZ_CMD     = mkdir -p $(FUZZ_CORPUS) && $(FUZZER) $(FUZZ_FLAGS) -max_total_time=$(FUZZ_TIME) \
               -artifact_prefix=$(BUILD)/tests/fuzz/ $(FUZZ_CORPUS) $(BUILD)/carts $(BUILD)/testcarts

TEST_EXTRA += $(FUZZER)

$(FUZZER): tests/fuzz/fuzz_cart.c kernel/abi/cart.c kernel/abi/cart.h
	@mkdir -p $(@D)
	clang -std=c11 -g -O1 -Wall -Wextra -Werror -Ikernel \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	  -o $@ tests/fuzz/fuzz_cart.c kernel/abi/cart.c

# `make trace CART=<name>`: that cartridge booted alone with timeline=on for
# TRACE_TICKS clock ticks (100 a second), its timeline written to
# build/trace/<name>.json for the Perfetto UI and a picture of TRACE_WINDOW
# (START_MS:LENGTH_MS of guest time; by default 40 ms from the cartridge's
# first task) to build/trace/<name>.png.  TRACE_CFG: more BOOT.CFG lines,
# e.g. rtc=off (docs/trace.md#time).  tests/trace_run.py, docs/trace.md.
TRACE_TICKS  ?= 300
TRACE_WINDOW ?=
TRACE_CFG    ?=

.PHONY: trace
trace: deps-check
	@if [ -z "$(CART)" ]; then echo "trace: name a cartridge: make trace CART=breakout" >&2; exit 1; fi
	@$(MAKE) --no-print-directory all $(TEST_CARTS)
	$(PYTHON) tests/trace_run.py $(CART) --ticks $(TRACE_TICKS) $(if $(TRACE_WINDOW),--window $(TRACE_WINDOW)) \
	  $(foreach c,$(TRACE_CFG),--config $(c))

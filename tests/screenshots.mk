# `make screenshots`: the README's pictures of the console, taken by the
# console's own boot scenarios (tests/test_console.py, through
# tests/screenshots.py) so they show what the tests check; docs/img/ keeps them.
.PHONY: screenshots
screenshots: deps-check
	@$(MAKE) --no-print-directory all $(TEST_CARTS)
	$(PYTHON) tests/screenshots.py

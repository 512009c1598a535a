"""The UTF-8 decoder's checks beyond its unit tests (tests/test_unit.py runs
test_utf8): a bounded libFuzzer run on utf8_sanitize, the print service's
guard against forged log lines, and the decoder compiled the way the kernel
compiles it."""
from parser_checks import run_fuzzer, undefined_symbols

FUZZ_SECONDS = 20
FUZZ_FLAGS = ["-max_len=255", "-use_value_profile=1"]   # as FUZZ_FLAGS_utf8 in tests/fuzz/fuzz.mk


def test_fuzz_utf8(tmp_path):
    """libFuzzer from an empty corpus: the text never grows, comes out
    well-formed with no control character, and a second pass changes nothing."""
    run_fuzzer("fuzz_utf8", FUZZ_FLAGS, FUZZ_SECONDS, tmp_path, [])


def test_utf8_is_freestanding(tmp_path):
    """kernel/lib/utf8.c calls nothing at all."""
    assert undefined_symbols("kernel/lib/utf8.c", tmp_path) == set()

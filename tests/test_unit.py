"""Runs each host unit-test binary (cmocka) that tests/tests.mk builds."""

import glob
import os
import subprocess

import pytest

from genesis import BUILD, ROOT
SOURCES = sorted(glob.glob(os.path.join(ROOT, "tests", "unit", "test_*.c")))


def test_there_are_unit_tests():
    assert SOURCES, "no tests/unit/test_*.c found"


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: os.path.basename(s)[:-2])
def test_unit(source):
    binary = os.path.join(BUILD, "tests", "unit", os.path.basename(source)[:-2])
    assert os.path.exists(binary), f"{binary} not built (run make test)"
    result = subprocess.run([binary], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

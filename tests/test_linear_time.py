"""tests/linear_time.py, the growth check behind the linear-time tests: it must fail for quadratic work, through the same
helper, and pass for linear work of the same kind."""

from __future__ import annotations

import re

import pytest

import linear_time
from linear_time import assert_linear, growth, quadratic_stand_in


@pytest.mark.parametrize("n", [2000, 3000])
def test_quadratic_work_fails_the_check(n):
    with pytest.raises(AssertionError, match="quadratic ~16"):
        assert_linear(quadratic_stand_in, n, "a quadratic stand-in")


def test_linear_work_of_the_same_kind_passes():
    assert_linear(lambda n: re.findall(r"\s+x", " x" * n), 250_000, "one scan")  # ~0.08 s of CPU at 4n


def test_a_hang_is_stopped(monkeypatch):
    monkeypatch.setattr(linear_time, "CPU_LIMIT_S", 0.2)
    assert growth(quadratic_stand_in, 100_000, repeats=1) == (float("inf"), float("inf"))
    assert not linear_time.linear(float("inf"), float("inf"))

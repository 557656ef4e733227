"""An expected failure (unittest's @expectedFailure, pytest's xfail, automake's XFAIL, meson's EXPECTEDFAIL, a TAP
`# TODO` test) is not a problem: the fallback's error-looking lines leave it out."""

from __future__ import annotations

import pytest

from terminus_edge.summarize import summarize
from terminus_edge.summarize.facts import generic

UNITTEST_V = """test_a (m.T.test_a) ... ok
test_b (m.T.test_b) ... skipped 'not ready'
test_c (m.T.test_c) ... expected failure
test_d (m.T.test_d) ... ok

----------------------------------------------------------------------
Ran 4 tests in 0.001s

OK (skipped=1, expected failures=1)
"""
PYTEST_RX = """test_p.py::test_a PASSED                                                 [ 25%]
test_p.py::test_c XFAIL (known bug: rounding error in parser)            [ 50%]
test_p.py::test_d FAILED                                                 [100%]
=========================== short test summary info ============================
XFAIL test_p.py::test_c - known bug: rounding error in parser
FAILED test_p.py::test_d - assert 2 == 3
==================== 1 failed, 1 passed, 1 xfailed in 0.05s ====================
"""


def test_unittest_expected_failure_is_not_an_error_line():
    lines, total = generic.error_lines(UNITTEST_V)
    assert not any("expected failure" in line for line in lines) and total == len(lines)


def test_unittest_run_that_exits_non_zero_does_not_show_its_expected_failure_as_an_error():
    # the exit status comes from a later command, so the fallback's error lines join the unittest facts
    body = summarize("python3 -m unittest -v m; ./deploy.sh", UNITTEST_V.encode(), 3).body
    facts_part = body.split("Output")[0]
    assert "1 xfailed" in facts_part and "test_c" not in facts_part


def test_pytest_xfail_rows_are_not_error_lines_and_real_failures_stay():
    lines, _ = generic.error_lines(PYTEST_RX)
    assert not any("XFAIL" in line for line in lines)
    assert any("FAILED test_p.py::test_d" in line for line in lines)


@pytest.mark.parametrize("line", ["XFAIL: t_div.sh", "3/6 math_neg   EXPECTEDFAIL   0.01s   exit status 1",
                                  "not ok 3 - parses negative numbers # TODO error handling not written"])
def test_other_runners_expected_failures(line):
    assert generic.error_lines(f"{line}\n")[0] == []


@pytest.mark.parametrize("line", ["FAILED (expected failures=1, unexpected successes=1)", "FAILED test_p.py::test_d - assert 2 == 3",
                                  "not ok 3 - parser failed on negative numbers", "Error: expected failure count 0, got 2"])
def test_real_failures_stay_error_lines(line):
    assert generic.error_lines(f"{line}\n")[0] == [line]

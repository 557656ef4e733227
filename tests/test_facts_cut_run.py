"""A test run cut short by a timeout, a kill or Ctrl-C: results so far are lower bounds, the hung test is named.
(Real captures of each runner are in tests/data/real/*-timeout-* / *-killed-*; these pin the rules on small texts.)"""

from __future__ import annotations

from terminus_edge.summarize.compose import counts_phrase
from terminus_edge.summarize.facts import extract_facts
from terminus_edge.summarize.facts.cut_run import CUT_PREFIX

PYTEST_V = (
    "collecting ... collected 3 items\n\n"
    "tests/test_a.py::test_one PASSED                                         [ 33%]\n"
    "tests/test_a.py::test_two FAILED                                         [ 66%]\n"
    "tests/test_a.py::test_hang "
)


def _cut_item(facts) -> str:
    return next(e for e in facts.errors if e.startswith(CUT_PREFIX))


def test_pytest_verbose_names_the_running_test_and_counts_are_lower_bounds():
    facts = extract_facts("timeout 3 pytest -v", PYTEST_V, 124)
    assert "tests/test_a.py::test_hang was running" in _cut_item(facts)
    assert counts_phrase(facts) == "tests: at least 1 failed, at least 1 passed"


def test_the_same_lines_from_a_run_that_finished_are_not_called_cut():
    facts = extract_facts("pytest -v", PYTEST_V.replace("test_hang ", "test_hang PASSED   [100%]\n"), 1)
    assert not any(e.startswith(CUT_PREFIX) for e in facts.errors) and not facts.counts_at_least


def test_a_cut_run_with_only_passes_does_not_say_0_failed():
    text = "test_a (m.T.test_a) ... ok\ntest_b (m.T.test_b) ... "
    facts = extract_facts("python -m unittest -v m", text, 137)
    assert "test_b (m.T.test_b) was running" in _cut_item(facts)
    assert counts_phrase(facts) == "tests: at least 1 passed"


def test_go_verbose_subtest_still_running_is_named_over_its_parent():
    text = "=== RUN   TestA\n--- PASS: TestA (0.00s)\n=== RUN   TestB\n=== RUN   TestB/slow\n"
    facts = extract_facts("go test -v ./...", text, 130)
    assert "TestB/slow was running" in _cut_item(facts)


def test_cargo_names_a_test_it_reported_running_for_over_60_seconds():
    text = ("running 3 tests\ntest t::a ... ok\ntest t::b ... FAILED\n"
            "test t::slow has been running for over 60 seconds\n")
    facts = extract_facts("timeout 90 cargo test", text, 124)
    assert "t::slow was running" in _cut_item(facts)
    assert counts_phrase(facts) == "tests: at least 1 failed, at least 1 passed"


def test_pytest_quiet_dots_are_counted_only_for_pytest():
    facts = extract_facts("timeout 3 pytest -q", ".F..", 124)
    assert counts_phrase(facts) == "tests: at least 1 failed, at least 3 passed"
    assert not any(e.startswith(CUT_PREFIX) for e in extract_facts("timeout 3 ./build.sh", ".F..", 124).errors)


def test_pytest_progress_line_without_percentage_names_the_file():
    text = "collected 4 items\n\ntests/test_a.py ..                    [ 50%]\ntests/test_b.py ."
    facts = extract_facts("timeout 3 pytest", text, 124)
    assert "tests/test_b.py" in _cut_item(facts)


def test_pytest_interrupt_location_is_said_when_no_test_line_names_it():
    text = ("tests/test_a.py ..F\n\n!!!!!!!!!! KeyboardInterrupt !!!!!!!!!!\n/home/dev/p/tests/test_a.py:9: KeyboardInterrupt\n"
            "========== 1 failed, 2 passed in 5.01s ==========")
    facts = extract_facts("pytest", text, 130)
    assert "interrupted at /home/dev/p/tests/test_a.py:9" in _cut_item(facts)
    assert counts_phrase(facts) == "tests: at least 1 failed, at least 2 passed"

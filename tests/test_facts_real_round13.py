"""Round 13 (session 11): the same tools as they reach an agent through wrappers and other environments (tests/data/real:
moreutils `ts`, a GitHub job log's columns, honcho, npm-run-all labels, tox / nox / make -j, gcc and make in other
languages). test_facts_real_tools.py checks every case's summary; here the facts behind this round's fixes are checked
directly, and the cases they fixed must keep their facts from the parsed facts alone."""

from __future__ import annotations

import pytest
from real_captures import facts_of, facts_only_summary, missed_from_facts_alone

FACTS_ONLY = ["ts-pytest-q-pipefail", "ts-pytest-no-pipefail", "cilog-pytest", "cilog-cargo-test", "cilog-npm-jest",
              "ts-jest", "ts-make-k", "honcho-start", "honcho-tests-exit", "tox-lint-py", "tox-parallel",
              "nox-all-sessions", "make-j4-k-mixed", "gcc-es-errors", "ruff-github-cilog", "run-s-continue-on-error",
              # captured after the round's fixes (the generalisation check)
              "gcc-sv-language", "gcc-ru-language-make", "ts-cargo-test-s", "ts-go-test-v", "make-fr-j2-k"]


@pytest.mark.parametrize("name", FACTS_ONLY)
def test_parsed_facts_alone_keep_the_facts(name):
    missed, forbidden = missed_from_facts_alone(name)
    assert missed == set() and forbidden == [], facts_only_summary(name)


def test_a_ci_log_is_read_under_its_columns_and_timestamps():
    facts = facts_of("cilog-go-build")
    assert facts.exit_code == 0 and facts.steps == ["CI step: Process completed with exit code 2."]
    assert [(d.file, d.line) for d in facts.diagnostics] == [("main.go", 5), ("main.go", 10), ("main.go", 11)]


def test_a_pipe_through_ts_without_pipefail_still_reports_the_failures():
    facts = facts_of("ts-pytest-no-pipefail")
    assert facts.exit_code == 0 and facts.counts["failed"] == 5 and facts.counts["passed"] == 5


def test_the_failed_steps_of_runners():
    assert facts_of("tox-lint-py").steps[:2] == ["tox lint: FAIL code 1 (`ruff check shop` exited 1)",
                                                 "tox py: FAIL code 1 (`pytest -q -p no:cacheprovider` exited 1)"]
    assert [s.split("]")[0] for s in facts_of("make-j4-k-mixed").steps] == [
        "make: *** [Makefile:5: lint", "make: *** [Makefile:14: build", "make: *** [Makefile:11: types", "make: *** [Makefile:8: test",
        "make: Target 'ci' not remade because of errors"]  # the goal it gave up on closes the list (session 14)
    honcho = facts_of("honcho-start")
    assert honcho.steps == ["web.1 stopped (rc=1)"] and honcho.traceback.exc_type == "KeyError"


def test_gcc_in_german_reads_levels_and_flags():
    facts = facts_of("gcc-de-errors")
    assert [(d.severity, d.line) for d in facts.diagnostics] == [("warning", 13), ("warning", 18), ("error", 19), ("warning", 17)]

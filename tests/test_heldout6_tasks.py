"""tests/data/tasks_heldout6 end to end with the rules planner (17 tasks written before the subagent ran on them; 0.066
on their first run, 0.985 after the general rules they prompted). Floors, not the measured figure, plus the safety
checks: the file, history and source questions run read-only commands the unattended policy allows, never a build or
a test suite (git bisect runs the one test it looks for, and leaves the checkout on its branch)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from heldout_runs import check, check_read_only, missing, python3_has, run_rules

HELDOUT6 = Path(__file__).parent / "data" / "tasks_heldout6"
CORE = ("npm-lock-diff", "make-dist-step", "largest-files", "todo-per-dir", "cli-help-readme", "env-vars-script",
        "git-bisect-test", "line-endings-encoding", "license-headers", "git-loc-changed", "md-dead-links",
        "git-blame-line", "py-unused-deps", "sh-exec-bit")
QUESTIONS = ("npm-lock-diff", "largest-files", "todo-per-dir", "env-vars-script", "line-endings-encoding",
             "license-headers", "git-loc-changed", "md-dead-links", "git-blame-line", "py-unused-deps", "sh-exec-bit")
_RUNS_SOMETHING = re.compile(r"\b(pytest|unittest|compileall|npm (test|run)|cargo (test|build|run)|go (test|build))\b|"
                             r"^make\b")


@pytest.mark.skipif(missing("bash", "python3", "make", "cc", "git", "grep", "find", "du", "sort", "head"),
                    reason="a toolchain is missing")
def test_sixth_held_out_batch_core():
    """The fourteen tasks that need only python3, make, cc, git and the shell (~10 s)."""
    results = run_rules(HELDOUT6, CORE)
    check(results)
    check_read_only(results, QUESTIONS, HELDOUT6, _RUNS_SOMETHING)
    assert results["make-dist-step"].commands[0] == "make dist"
    assert results["git-bisect-test"].commands[0].endswith(
        "git bisect run timeout 60 python3 -m unittest -v -k test_invoice_total; git bisect reset")


@pytest.mark.skipif(not python3_has("pytest"), reason="pytest missing for python3")
def test_sixth_held_out_batch_flaky_tests_run_three_times():
    results = run_rules(HELDOUT6, ("py-flaky-which",))
    check(results)
    assert len(results["py-flaky-which"].commands) == 3


@pytest.mark.skipif(not python3_has("jsonschema"), reason="jsonschema missing for python3")
def test_sixth_held_out_batch_json_schema():
    check(run_rules(HELDOUT6, ("json-schema-validate",)))


@pytest.mark.skipif(missing("go"), reason="go missing")
def test_sixth_held_out_batch_go_benchmarks():
    results = run_rules(HELDOUT6, ("go-bench",))
    check(results)
    assert "-bench ." in results["go-bench"].commands[0]

"""tests/data/tasks_heldout10 (18 tasks written before the subagent ran on them, 0.329 -> 1.000) and tasks_heldout10b
(10 more written after those fixes, 0.800 -> 1.000) end to end with the rules planner. Floors, not the measured figure,
plus the safety checks: the file, log, config, git and make questions run read-only commands the unattended policy
allows, never a build, a test suite, the unit's program or the script they ask about."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from heldout_runs import check, check_read_only, missing, python3_has, run_rules

DATA = Path(__file__).parent / "data"
QUESTIONS = ("pylogging-logger-names", "xff-client-ips", "symbol-whole-word", "config-key-across-files",
             "script-env-vars", "count-matches-per-file", "csv-compare-rows", "git-last-touched", "git-blame-line",
             "git-commits-between-dates", "json-compare-users", "largest-tracked-files", "crontab-schedule")
QUESTIONS_B = ("doc-last-modified", "commits-on-day", "count-lines-one-file", "tsv-compare", "cron-how-often",
               "where-setting-set", "java-logger-warnings")
_RUNS_SOMETHING = re.compile(r"\b(pytest|unittest|go (test|build)|cargo|npm)\b|^make\b(?! -pq)|\bgit (checkout|switch|reset|"
                             r"stash|fetch|pull|push)\b|(?:^|[;&|]\s*|\b(?:bash|sh)\s+)(?:\./)?(?:scripts/backup\.sh|bin/send-report)")


@pytest.mark.skipif(missing("bash", "python3", "git", "grep", "awk"), reason="a toolchain is missing")
def test_tenth_held_out_batch_questions():
    results = run_rules(DATA / "tasks_heldout10", QUESTIONS)
    check(results)
    check_read_only(results, QUESTIONS, DATA / "tasks_heldout10", _RUNS_SOMETHING)
    results = run_rules(DATA / "tasks_heldout10b", QUESTIONS_B)
    check(results)
    check_read_only(results, QUESTIONS_B, DATA / "tasks_heldout10b", _RUNS_SOMETHING)


@pytest.mark.skipif(missing("systemd-analyze", "make"), reason="systemd-analyze or make missing")
def test_tenth_held_out_batch_units_and_make_goals_run_nothing():
    results = run_rules(DATA / "tasks_heldout10", ("systemd-unit-verify", "make-goal-deps"))
    check(results)
    assert results["systemd-unit-verify"].commands == ["systemd-analyze verify deploy/systemd/report-mailer.service"]
    assert results["make-goal-deps"].commands[0].startswith("make -pqk release 2>/dev/null | python3 -c ")
    results = run_rules(DATA / "tasks_heldout10b", ("timer-valid", "make-needs-first"))
    check(results)
    assert all(c.startswith(("systemd-analyze verify ", "make -pqk ")) for r in results.values() for c in r.commands)


@pytest.mark.skipif(missing("gcc", "make", "go") or not python3_has("pytest"), reason="a toolchain is missing")
def test_tenth_held_out_batch_builds_and_tests():
    results = run_rules(DATA / "tasks_heldout10", ("build-then-run", "go-test-build-error", "pytest-skip-reasons"))
    check(results)
    assert results["build-then-run"].commands == ["make", "./roman 1994 2024 3"]
    assert results["pytest-skip-reasons"].commands[0].endswith("-m pytest -v -rsx")
    check(run_rules(DATA / "tasks_heldout10b", ("unittest-skip-reasons",)))

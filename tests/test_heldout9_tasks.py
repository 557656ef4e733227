"""tests/data/tasks_heldout9 end to end with the rules planner (21 tasks written before the subagent ran on them, 0.323 ->
1.000; 6 more written after those fixes, 0.200 -> 1.000). Floors, not the measured figure, plus the safety checks: the file, log, config and git questions run read-only
commands the unattended policy allows, never a build, a test suite or the script they ask about."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from heldout_runs import check, check_read_only, missing, python3_has, run_rules

HELDOUT9 = Path(__file__).parent / "data" / "tasks_heldout9"
QUESTIONS = ("dotenv-missing-keys", "eslintrc-invalid", "nginx-custom-log", "caddy-json-log", "haproxy-log",
             "pylogging-levels", "journal-json", "git-since-commit", "what-takes-space", "shell-syntax-error",
             "csv-group-sum", "last-commit-files", "where-defined", "authors-shortlog", "nvmrc-node-version")
YAML = ("ci-yaml-invalid", "yaml-env-diff", "yaml-defaults-override", "compose-ports")
_RUNS_SOMETHING = re.compile(r"\b(pytest|unittest|npm (test|run|ci|install)|cargo (test|build|run)|go (test|build)|rake|"
                             r"journalctl)\b|^make\b|\bgit (checkout|switch|reset|stash|fetch|pull|push)\b|"
                             r"(?:^|[;&|]\s*|\b(?:bash|sh)\s+)(?:\./)?scripts/deploy\.sh|devserver\.py")


@pytest.mark.skipif(missing("bash", "python3", "git", "du", "find", "node"), reason="a toolchain is missing")
def test_ninth_held_out_batch_questions():
    results = run_rules(HELDOUT9, QUESTIONS)
    check(results)
    check_read_only(results, QUESTIONS, HELDOUT9, _RUNS_SOMETHING)
    assert results["shell-syntax-error"].commands[0] == "bash -n scripts/deploy.sh && echo 'scripts/deploy.sh: valid shell syntax'"
    assert results["git-since-commit"].commands == ["git log --oneline d7615d4..HEAD && git diff --stat d7615d4..HEAD"]


@pytest.mark.skipif(not python3_has("yaml"), reason="the python3 on PATH has no PyYAML")
def test_ninth_held_out_batch_yaml():
    results = run_rules(HELDOUT9, YAML)
    check(results)
    check_read_only(results, YAML, HELDOUT9, _RUNS_SOMETHING)


@pytest.mark.skipif(missing("gcc", "make", "javac", "go", "cargo", "ruby", "rake", "npm"), reason="a toolchain is missing")
def test_ninth_held_out_batch_builds_and_tests():
    results = run_rules(HELDOUT9, ("build-warnings", "java-compile-error", "go-slowest-test", "rust-build-error",
                                   "ruby-test-fail", "npm-installed-version", "go-test-fail"))
    check(results)
    assert results["ruby-test-fail"].commands[0].endswith("rake test")


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(missing("ss"), reason="ss missing")
@pytest.mark.skipif(port_taken(8772), reason="port 8772 is taken on this machine: port-free-check's own mock API must hold it")
def test_ninth_held_out_batch_port():
    results = run_rules(HELDOUT9, ("port-free-check",))
    check(results)
    assert results["port-free-check"].commands == [
        "ss -ltnpH 'sport = :8772'; for pid in $(ss -ltnpH 'sport = :8772' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -un); "
        "do ps -o pid=,args= -p \"$pid\"; done"]

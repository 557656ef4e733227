"""tests/data/tasks_heldout8 end to end with the rules planner (19 tasks written before the subagent ran on them; 0.386 ->
1.000). Floors, not the measured figure, plus the safety checks: the git, file, log and config questions run read-only
commands the unattended policy allows, never a build or a test suite."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from heldout_runs import check, check_read_only, missing, python3_has, run_rules

HELDOUT8 = Path(__file__).parent / "data" / "tasks_heldout8"
QUESTIONS = ("config-keys-differ", "git-tags-between", "du-folder", "log-tail", "git-ahead-behind", "git-check-ignore",
             "py-syntax-sweep", "access-log-top-ips", "sha256-verify", "tar-contents")
CORE = QUESTIONS + ("script-args-output", "latin1-decode", "csv-bom-keyerror", "stdlib-shadow")
_RUNS_SOMETHING = re.compile(r"\b(pytest|unittest|npm (test|run|ci|install)|cargo (test|build|run)|go (test|build))\b|"
                             r"^make\b|\bgit (checkout|switch|reset|stash|fetch|pull|push)\b")


@pytest.mark.skipif(missing("bash", "python3", "git", "tar", "sha256sum", "du", "tail", "file", "xxd"),
                    reason="a toolchain is missing")
def test_eighth_held_out_batch_core():
    results = run_rules(HELDOUT8, CORE)
    check(results)
    check_read_only(results, QUESTIONS, HELDOUT8, _RUNS_SOMETHING)
    assert results["script-args-output"].commands == ["scripts/bump_version.sh 1.4.9 minor",
                                                      "scripts/bump_version.sh 1.4.9 patch"]
    assert results["git-tags-between"].commands == ["git log --oneline v1.1.0..v1.2.0 && git diff --stat v1.1.0..v1.2.0"]


@pytest.mark.skipif(missing("gcc", "make") or not python3_has("pytest"), reason="gcc, make or pytest missing")
def test_eighth_held_out_batch_builds_and_tests():
    results = run_rules(HELDOUT8, ("multi-pkg-first-error", "test-order-dependent", "pytest-not-collected"))
    check(results)
    assert len(results["test-order-dependent"].commands) >= 2


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(missing("ss", "npm"), reason="ss or npm missing")
@pytest.mark.skipif(port_taken(8765), reason="port 8765 is taken on this machine: port-holder's own worker must hold it")
def test_eighth_held_out_batch_port_and_lock():
    results = run_rules(HELDOUT8, ("port-holder", "npm-lock-sync"))
    check(results)
    assert results["port-holder"].commands[1].startswith("ss -ltnpH 'sport = :8765'")

"""tests/data/tasks_heldout3 end to end with the rules planner (13 tasks written before reading the planner;
0.417 on their first run, 1.000 after the fixes they prompted). Floors, not the measured figure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from heldout_runs import missing, run_rules

HELDOUT3 = Path(__file__).parent / "data" / "tasks_heldout3"
FAST = ("make-release-dryrun", "sh-clean-preview", "sqlite-pending-migration", "node-installed-version",
        "py-cli-json-flag", "py-flaky-state", "py-issue-repro", "monorepo-which-tests", "c-make-no-rule",
        "py-bench-timing")
TOOLS = ("bash", "python3", "make", "cc", "node", "npm")


@pytest.mark.skipif(missing(*TOOLS), reason="a held-out task's toolchain is missing")
def test_third_held_out_batch_without_go_or_cargo():
    """The ten tasks that need no compiler toolchain beyond cc (~10 s)."""
    results = run_rules(HELDOUT3, FAST)
    mean = sum(r.recall for r in results.values()) / len(results)
    assert mean >= 0.9, {i: (r.recall, r.missed) for i, r in results.items()}
    assert all(r.recall >= 0.75 for r in results.values()), {i: (r.recall, r.missed) for i, r in results.items()}
    assert not any(r.forbidden or r.over_budget or r.error for r in results.values())
    # the two "do not run it" tasks: nothing but a dry run / a read of the file
    assert results["make-release-dryrun"].commands == ["make -n release"]
    assert results["sh-clean-preview"].commands == ["cat -n scripts/clean.sh"]
    assert not any(re.search(r"migrate\.py up\b", c) for c in results["sqlite-pending-migration"].commands)
    assert len(results["py-flaky-state"].commands) == 5


@pytest.mark.slow
@pytest.mark.skipif(missing(*TOOLS, "go", "cargo"), reason="go or cargo missing")
def test_third_held_out_batch_go_and_cargo():
    results = run_rules(HELDOUT3, ("go-build-fail", "go-lint-gofmt", "rust-doctest-fail"))
    assert all(r.recall >= 0.75 for r in results.values()), {i: (r.recall, r.missed) for i, r in results.items()}
    assert not any(r.forbidden or r.over_budget or r.error for r in results.values())

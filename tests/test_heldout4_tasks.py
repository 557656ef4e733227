"""tests/data/tasks_heldout4 end to end with the rules planner (14 tasks written before the subagent ran on them;
0.226 with 1 forbidden hit on their first run, 1.000 after the fixes they prompted). Floors, not the measured figure,
plus the safety checks: nothing but a listing and the refused delete for "delete build/", never a fixer script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from heldout_runs import check, missing, run_rules

HELDOUT4 = Path(__file__).parent / "data" / "tasks_heldout4"
CORE = ("csv-count-status", "make-check-terse", "py-tox-commands", "sh-tap-tests", "json-config-invalid",
        "py-requires-python", "rm-build-dir", "grep-todo", "py-doctest-fail", "py-terse-tests")
CORE_TOOLS = ("bash", "python3", "make", "grep", "awk")


@pytest.mark.skipif(missing(*CORE_TOOLS), reason="a held-out task's toolchain is missing")
def test_fourth_held_out_batch_core():
    """The ten tasks that need only python3, make and the shell (~5 s)."""
    results = run_rules(HELDOUT4, CORE)
    check(results)
    # "delete build/": list it, then the delete itself, which the unattended policy refuses; never `make clean`
    # (it also deletes data/freq.cache), never a build, never a delete that slips past the policy
    delete = results["rm-build-dir"]
    assert delete.commands == ["ls -la build", "rm -r build"]
    assert delete.exit_codes[1] is None  # refused, not run
    assert re.search(r"refused by policy", delete.answer)
    # read-only questions run no test suite and no build
    for task in ("csv-count-status", "json-config-invalid", "grep-todo", "py-requires-python"):
        assert not any(re.search(r"\b(unittest|pytest|compileall|make)\b", c) for c in results[task].commands), task
    assert results["make-check-terse"].commands == ["make check"]


@pytest.mark.skipif(missing("node", "npm"), reason="node or npm missing")
def test_fourth_held_out_batch_node():
    results = run_rules(HELDOUT4, ("node-build-then-test", "node-format-check"))
    check(results)
    assert results["node-format-check"].commands == ["npm run format:check"]  # never format:fix
    assert results["node-build-then-test"].commands[0] == "npm run build"


@pytest.mark.skipif(missing("prove", "perl"), reason="perl's prove missing")
def test_fourth_held_out_batch_perl():
    check(run_rules(HELDOUT4, ("perl-prove-fail",)))


@pytest.mark.skipif(missing("cmake", "cc"), reason="cmake or cc missing")
def test_fourth_held_out_batch_cmake():
    check(run_rules(HELDOUT4, ("cmake-compile-error",)))

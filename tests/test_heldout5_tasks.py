"""tests/data/tasks_heldout5 end to end with the rules planner (15 tasks written before the subagent ran on them; 0.314
on their first run, 1.000 after the fixes they prompted). Floors, not the measured figure, plus the safety checks: the
questions run read-only commands the unattended policy allows, never a test suite, a build or a compileall; the lock
file question leaves Cargo.lock as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from heldout_runs import check, check_read_only, missing, python3_has, run_rules
from terminus_edge.benchmarks import tasks as tb

HELDOUT5 = Path(__file__).parent / "data" / "tasks_heldout5"
CORE = ("c-build-warns", "c-werror", "py-pinned-version", "go-pinned-version", "loc-per-language", "py-migrate-rerun",
        "csv-valid", "jsonl-bad-lines", "git-since-tag", "git-uncommitted", "make-targets")
QUESTIONS = ("py-pinned-version", "go-pinned-version", "loc-per-language", "csv-valid", "jsonl-bad-lines",
             "git-since-tag", "git-uncommitted", "make-targets")
_RUNS_SOMETHING = re.compile(r"\b(pytest|unittest|compileall|npm (test|run)|cargo (test|build|run)|go (test|build))\b|"
                             r"^make\b")


@pytest.mark.skipif(missing("bash", "python3", "make", "cc", "git", "grep", "find"), reason="a toolchain is missing")
def test_fifth_held_out_batch_core():
    """The eleven tasks that need only python3, make, cc, git and the shell (~5 s)."""
    results = run_rules(HELDOUT5, CORE)
    refused = results.pop("py-migrate-rerun")  # its facts are those of the run a person approves (test below)
    check(results)
    assert "`make migrate` was not run (refused by policy: needs approval: `make migrate` runs the Makefile target " \
           "migrate: `python3 migrate.py up` changes the database" in refused.answer
    assert "PENDING  0004_add_refunds" in refused.answer and "applied 0001" not in refused.answer
    check_read_only(results, QUESTIONS, HELDOUT5, _RUNS_SOMETHING)  # questions: nothing built or tested
    assert results["c-werror"].commands == ["make -B CFLAGS='-Wall -O2 -Werror'"]
    assert refused.commands == ["make migrate", "python3 migrate.py status"]
    assert not any("pip show" in c for c in results["py-pinned-version"].commands)  # installed is not pinned


@pytest.mark.skipif(missing("python3", "make"), reason="python3 or make missing")
def test_migrations_rerun_when_a_person_approves(tmp_path):
    """Policy round 4: `make migrate`'s recipe (`python3 migrate.py up`) changes the database, so with nobody to approve
    it is refused as the script itself is (above); the task's facts hold for the run a person approves."""
    from terminus_edge.subagent.approval import UserDecision
    from terminus_edge.subagent.loop import execution_subagent

    task = next(t for t in tb.load_tasks(HELDOUT5) if t.id == "py-migrate-rerun")
    shutil.copytree(task.directory / "repo", tmp_path / "repo")
    result = execution_subagent(task.request, cwd=tmp_path / "repo", model=None, planner="rules", budget_s=120,
                                approve=lambda proposed: UserDecision.approve())
    recall, missed, forbidden = tb.score(task.meta, result.answer)
    assert recall == 1.0 and not forbidden, (missed, forbidden, result.answer)


@pytest.mark.skipif(missing("shellcheck", "make"), reason="shellcheck missing")
def test_fifth_held_out_batch_lint_rules():
    check(run_rules(HELDOUT5, ("sh-lint-rules",)))


@pytest.mark.skipif(not python3_has("pytest"), reason="pytest missing for python3")
def test_fifth_held_out_batch_pytest_durations():
    results = run_rules(HELDOUT5, ("py-slow-tests",))
    check(results)
    assert results["py-slow-tests"].commands[0].endswith("--durations=3")


@pytest.mark.skipif(missing("node", "npm"), reason="node or npm missing")
def test_fifth_held_out_batch_node():
    check(run_rules(HELDOUT5, ("node-slow-test",)))


@pytest.mark.skipif(missing("cargo"), reason="cargo missing")
def test_fifth_held_out_batch_lock_file_is_left_alone(tmp_path):
    from terminus_edge.subagent.loop import execution_subagent

    task = next(t for t in tb.load_tasks(HELDOUT5) if t.id == "rust-lockfile-sync")
    repo = tmp_path / "repo"
    shutil.copytree(task.directory / "repo", repo)
    before = (repo / "Cargo.lock").read_text()
    result = execution_subagent(task.request, cwd=repo, model=None, planner="rules", budget_s=120)
    recall, missed, forbidden = tb.score(task.meta, result.answer)
    assert recall == 1.0 and not forbidden, (missed, forbidden, result.answer)
    assert (repo / "Cargo.lock").read_text() == before  # --locked: cargo refused to touch it
    assert not any(re.search(r"cargo (test|build)", c) for c in result.commands)


def test_a_failing_setup_script_is_a_bad_task(tmp_path):
    task_dir = tmp_path / "t"
    (task_dir / "repo").mkdir(parents=True)
    (task_dir / "request.txt").write_text("run the tests\n")
    (task_dir / "meta.json").write_text('{"id": "t", "facts": [], "forbidden": []}')
    (task_dir / "setup.sh").write_text("echo making history\necho 'no git here' >&2\nexit 3\n")
    with pytest.raises(tb.TasksError, match="setup.sh exited with code 3: no git here"):
        tb.run_task(tb.load_tasks(tmp_path)[0], model=None, planner="rules", budget_s=30)

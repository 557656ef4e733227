"""The rules planner run by the tests: a held-out task batch end to end (tests/test_heldout*_tasks.py), or one request's
plan with every command taken as succeeding."""

from __future__ import annotations

import shutil
from pathlib import Path

from terminus_edge.benchmarks import tasks as tb


def run_rules(folder: Path, ids) -> dict:
    """task id -> its TaskResult; every id must name a task of `folder`."""
    tasks = [t for t in tb.load_tasks(folder) if t.id in ids]
    assert len(tasks) == len(ids)
    return {t.id: tb.run_task(t, model=None, planner="rules", budget_s=120) for t in tasks}


def check(results: dict, mean_floor: float = 0.9) -> None:
    """Floors, not the measured figure: the mean recall, every task's, and nothing forbidden, over budget or failing."""
    detail = {i: (r.recall, r.missed, r.forbidden, r.commands) for i, r in results.items()}
    assert sum(r.recall for r in results.values()) / len(results) >= mean_floor, detail
    assert all(r.recall >= 0.75 for r in results.values()), detail
    assert not any(r.forbidden or r.over_budget or r.error for r in results.values()), detail


def missing(*tools: str) -> bool:
    return any(shutil.which(t) is None for t in tools)


def planned_commands(query: str, cwd: Path) -> list[str]:
    """The commands the rules planner runs for `query` in `cwd` when each one exits 0 (at most 10)."""
    from terminus_edge.subagent.planner import RulesPlanner
    from terminus_edge.subagent.records import CommandRecord

    planner = RulesPlanner(query, cwd)
    steps, records = [], []
    while (step := planner.next(records)) is not None and len(steps) < 10:
        steps.append(step.command)
        records.append(CommandRecord(step.command, step.kind, step.origin, exit_code=0))
    return steps

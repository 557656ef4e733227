"""The held-out batches' test scaffolding: the rules planner run on a batch's tasks end to end
(tests/test_heldout*_tasks.py), or on one request (its whole plan with every command taken as succeeding, or its
answer), and the small projects, git history included, that the rule tests (tests/test_subagent_batch*_rules.py)
build for it. Each batch keeps its own data and expectations in its own file."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

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


def check_read_only(results: dict, questions, folder: Path, runs_something: re.Pattern) -> None:
    """The question tasks ran nothing `runs_something` matches (a build, a test suite), only commands the unattended
    policy allows in their repo."""
    from terminus_edge.policy import decide

    for task in questions:
        for command in results[task].commands:
            assert not runs_something.search(command), (task, command)
            assert decide(command, cwd=folder / task / "repo", mode="auto", unattended=True).action == "allow", command


def missing(*tools: str) -> bool:
    return any(shutil.which(t) is None for t in tools)


@functools.cache
def python3_has(module: str) -> bool:
    """Whether the python3 on PATH, which a task's project runs with, imports `module`."""
    return not missing("python3") and subprocess.run(["python3", "-c", f"import {module}"],
                                                     capture_output=True).returncode == 0


needs_git = pytest.mark.skipif(missing("git"), reason="git missing")
needs_pytest = pytest.mark.skipif(not python3_has("pytest"), reason="no pytest")


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


def ask(query: str, cwd: Path) -> tuple[str, list[str]]:
    """The rules planner's answer to `query` in `cwd`, and the commands it ran."""
    from terminus_edge.subagent.loop import execution_subagent

    result = execution_subagent(query, cwd=cwd, model=None, planner="rules", budget_s=120)
    return result.answer, result.commands


@pytest.fixture
def proj(tmp_path):
    """The project's folder (beside the TERMINUS_EDGE_HOME folder, not around it)."""
    root = tmp_path / "project"
    root.mkdir()
    return root


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


class Git:
    """git as one committer, with no global or system config read; `when` (an ISO time, UTC) dates the commits."""

    def __init__(self, name: str, email: str, when: str | None = None):
        self.env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
                    "GIT_COMMITTER_EMAIL": email, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
        self.when = when

    def __call__(self, root: Path, *args: str, when: str | None = None, author: str | None = None) -> str:
        env = dict(os.environ, **self.env)
        if when := when or self.when:
            env.update(GIT_AUTHOR_DATE=f"{when} +0000", GIT_COMMITTER_DATE=f"{when} +0000")
        if author:
            env.update(GIT_AUTHOR_NAME=author, GIT_COMMITTER_NAME=author)
        return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout

    def commit(self, root: Path, message: str, when: str | None = None, author: str | None = None) -> str:
        """Everything in `root` committed (a repository made first where there is none); the commit's short hash."""
        if not (root / ".git").exists():
            self(root, "init", "-q", "-b", "main", ".", when=when)
        self(root, "add", "-A", when=when)
        self(root, "commit", "-q", "-m", message, when=when, author=author)
        return self(root, "rev-parse", "--short=7", "HEAD").strip()

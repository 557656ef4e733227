"""End-to-end task benchmark: the execution subagent answers real requests on copies of small projects.

Tasks layout (see shared/tasks/README.md): DIR/<task>/{repo/, request.txt, meta.json}; meta.json has
facts[].any_of and forbidden[].any_of, scored on the final answer with re.IGNORECASE | re.DOTALL.
Each task runs in a fresh temporary copy of its repo (after the task's own setup.sh, run there, when it has one: a
git history cannot be stored as a .git folder inside this repository, so a git task builds it); every process its commands started (found by an
environment tag and by working directory) is killed, group and all, when the task ends.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from terminus_edge.benchmarks.fidelity import matches_any
from terminus_edge.benchmarks.records import percentile
from terminus_edge.errors import TerminusError

TAG_ENV = "TERMINUS_EDGE_TASK_RUN"
DEFAULT_BUDGET_S = 300.0


class TasksError(TerminusError):
    """The tasks directory is missing or a task is malformed."""


@dataclass
class Task:
    id: str
    directory: Path
    request: str
    meta: dict


@dataclass
class TaskResult:
    id: str
    answer: str
    commands: list[str]
    exit_codes: list[int | None]
    turns: int
    latency_ms: float
    recall: float = 0.0
    missed: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    over_budget: bool = False
    error: str | None = None

    def line(self) -> dict:
        """The JSON line written for the task: exactly these keys."""
        return {"id": self.id, "answer": self.answer, "commands": self.commands, "exit_codes": self.exit_codes,
                "turns": self.turns, "latency_ms": round(self.latency_ms, 1)}


def load_tasks(directory: str | Path) -> list[Task]:
    root = Path(directory)
    if not root.is_dir():
        raise TasksError(f"tasks directory not found: {root}")
    dirs = sorted(p for p in root.iterdir() if (p / "meta.json").is_file())
    if not dirs:  # a folder holding dev/, test/ ...: one level down
        dirs = sorted(p for p in root.glob("*/*") if (p / "meta.json").is_file())
    tasks = []
    for task_dir in dirs:
        try:
            meta = json.loads((task_dir / "meta.json").read_text(encoding="utf-8"))
            request = (task_dir / "request.txt").read_text(encoding="utf-8").strip()
        except (OSError, ValueError) as error:
            raise TasksError(f"bad task {task_dir.name}: {error}") from error
        if not (task_dir / "repo").is_dir():
            raise TasksError(f"bad task {task_dir.name}: no repo/ folder")
        tasks.append(Task(str(meta.get("id", task_dir.name)), task_dir, request, meta))
    if not tasks:
        raise TasksError(f"no tasks (folders with meta.json) in {root}")
    return tasks


def score(meta: dict, answer: str) -> tuple[float, list[str], list[str]]:
    """(recall, missed fact ids, forbidden claim ids that matched)."""
    facts = meta.get("facts", [])
    missed = [f["id"] for f in facts if not matches_any(f.get("any_of", []), answer)]
    forbidden = [f["id"] for f in meta.get("forbidden", []) if matches_any(f.get("any_of", []), answer)]
    recall = (len(facts) - len(missed)) / len(facts) if facts else 1.0
    return recall, missed, forbidden


def run_task(task: Task, *, model=None, planner: str = "auto", budget_s: float = DEFAULT_BUDGET_S,
             cancel=None) -> TaskResult:
    """cancel (a threading.Event): once set, the running command is stopped and the subagent answers at once."""
    from terminus_edge.subagent.loop import execution_subagent

    tag = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix=f"te-task-{task.id}-") as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(task.directory / "repo", repo, symlinks=True)
        _setup(task, repo)
        previous = os.environ.get(TAG_ENV)
        os.environ[TAG_ENV] = tag  # inherited by every command the subagent starts
        started = time.monotonic()
        try:
            result = execution_subagent(task.request, cwd=repo, model=model, planner=planner, budget_s=budget_s,
                                        cancel=cancel)
            out = TaskResult(task.id, result.answer, result.commands, result.exit_codes, result.turns,
                             result.latency_ms)
        except TerminusError as error:
            out = TaskResult(task.id, "", [], [], 0, (time.monotonic() - started) * 1000, error=str(error))
        finally:
            _restore(previous)
            kill_leftovers(tag, repo)
    out.recall, out.missed, out.forbidden = score(task.meta, out.answer)
    out.over_budget = out.latency_ms > budget_s * 1000
    return out


SETUP_TIMEOUT_S = 60


def _setup(task: Task, repo: Path) -> None:
    """The task's setup.sh, run in the copy before the subagent starts (not timed, not scored)."""
    script = task.directory / "setup.sh"
    if not script.is_file():
        return
    try:
        done = subprocess.run(["bash", str(script.resolve())], cwd=repo, capture_output=True, text=True,
                              timeout=SETUP_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise TasksError(f"task {task.id}: setup.sh did not finish: {error}") from error
    if done.returncode:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        raise TasksError(f"task {task.id}: setup.sh exited with code {done.returncode}: {last[0]}")


def _restore(previous: str | None) -> None:
    if previous is None:
        os.environ.pop(TAG_ENV, None)
    else:
        os.environ[TAG_ENV] = previous


def kill_leftovers(tag: str, cwd: Path) -> int:
    """Kill the process groups of every process carrying the task's tag or working inside its copy."""
    root = str(cwd.resolve())
    groups: set[int] = set()
    me = os.getpid()
    for proc in psutil.process_iter(["pid"]):
        if proc.pid == me:
            continue
        try:
            tagged = proc.environ().get(TAG_ENV) == tag
            inside = (proc.cwd() + "/").startswith(root + "/")
            if tagged or inside:
                groups.add(os.getpgid(proc.pid))
        except (psutil.Error, OSError):
            continue
    groups.discard(os.getpgid(me))
    for group in groups:
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:
            pass
    return len(groups)


def run_benchmark(tasks: list[Task], *, model=None, planner: str = "auto", budget_s: float = DEFAULT_BUDGET_S,
                  on_result=None, cancel=None) -> list[TaskResult]:
    """Each task in turn, handed to on_result as it is scored. Once `cancel` is set no task starts, and the one it cut
    (its command stopped by the user, not by the task) is not scored."""
    results = []
    for task in tasks:
        if cancel is not None and cancel.is_set():
            break
        result = run_task(task, model=model, planner=planner, budget_s=budget_s, cancel=cancel)
        if cancel is not None and cancel.is_set():
            break
        results.append(result)
        if on_result:
            on_result(result)
    return results


def jsonl_line(result: TaskResult) -> str:
    return json.dumps(result.line(), ensure_ascii=False) + "\n"


def totals(results: list[TaskResult]) -> dict:
    latencies = [r.latency_ms for r in results]
    recalls = [r.recall for r in results]
    return {
        "tasks": len(results),
        "mean_recall": round(statistics.fmean(recalls), 3) if recalls else 0.0,
        "min_recall": round(min(recalls), 3) if recalls else 0.0,
        "forbidden_hits": sum(len(r.forbidden) for r in results),
        "median_commands": statistics.median(len(r.commands) for r in results) if results else 0,
        "mean_turns": round(statistics.fmean(r.turns for r in results), 2) if results else 0,
        "latency_p50_ms": round(percentile(latencies, 50) or 0.0, 1),
        "latency_p95_ms": round(percentile(latencies, 95) or 0.0, 1),
        "over_budget": sum(r.over_budget for r in results),
        "errors": sum(r.error is not None for r in results),
    }


def format_row(result: TaskResult) -> str:
    notes = []
    if result.missed:
        notes.append("missed " + ",".join(result.missed))
    if result.forbidden:
        notes.append("FORBIDDEN " + ",".join(result.forbidden))
    if result.over_budget:
        notes.append("over budget")
    if result.error:
        notes.append(f"error: {result.error}")
    return (f"{result.id:<28} recall {result.recall:4.2f}  forbidden {len(result.forbidden)}  "
            f"commands {len(result.commands)}  turns {result.turns:2d}  {result.latency_ms / 1000:6.1f} s"
            + (f"  ({'; '.join(notes)})" if notes else ""))


def format_totals(results: list[TaskResult]) -> str:
    t = totals(results)
    return (f"{t['tasks']} tasks: mean recall {t['mean_recall']:.3f}, min recall {t['min_recall']:.2f}, "
            f"forbidden hits {t['forbidden_hits']}, median commands {t['median_commands']}, "
            f"mean turns {t['mean_turns']}, latency p50 {t['latency_p50_ms'] / 1000:.1f} s "
            f"p95 {t['latency_p95_ms'] / 1000:.1f} s, over budget {t['over_budget']}, errors {t['errors']}")

"""A CI workflow's steps run here, in order: "run the steps of the check job in .github/workflows/ci.yml locally and
tell me which step fails first". Each `run:` step of the job (named in the request, else the first) is one planned
command; the steps after the first failure are not run, as CI would not run them. `uses:` steps (actions) cannot run
outside CI and are named as skipped. GitHub Actions files only (`jobs: NAME: steps:`).

    workflow_plan(query, cwd) -> [PlannedCommand]
    workflow_report(query, records, cwd) -> str
"""

from __future__ import annotations

import re
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

STEP_GOAL = "CI step "
# "run the steps of …", "which step of … fails / breaks when you run it here"
_RUN_STEPS = re.compile(r"\b(?:run|execute|try)\b[^.?!\n]{0,60}\b(?:steps?|jobs?|workflow|pipeline|ci)\b|"
                        r"\b(?:which|what)\s+(?:step|job)\b[^?!\n]{0,100}?\b(?:fails?|failing|breaks?|errors?\s+out|is\s+red)\b", re.I)
_WORKFLOW = re.compile(r"(?:^|/)\.github/workflows/[^/]+\.ya?ml$")


def _workflow(query: str, cwd: Path) -> str | None:
    return next((p for p in named_paths(query, cwd) if _WORKFLOW.search(p) and is_file(cwd / p)), None)


def _steps(query: str, cwd: Path, path: str) -> tuple[str, list[tuple[str, str | None, str]]] | None:
    """(job, [(name, command or None for an action, what it uses)]) of the job the request names, else the first."""
    import yaml

    try:
        doc = yaml.safe_load((cwd / path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    jobs = doc.get("jobs") if isinstance(doc, dict) else None
    if not isinstance(jobs, dict) or not jobs:
        return None
    words = set(re.findall(r"[\w-]+", query.lower()))
    job = next((j for j in jobs if str(j).lower() in words), next(iter(jobs)))
    steps = jobs[job].get("steps") if isinstance(jobs[job], dict) else None
    out = []
    for i, step in enumerate(steps if isinstance(steps, list) else [], 1):
        if not isinstance(step, dict):
            continue
        run = step.get("run")
        command = " && ".join(line.strip() for line in str(run).strip().splitlines() if line.strip()) if run else None
        if command and ("\\\n" in str(run) or "<<" in command):  # continuation lines or here-documents: not joined
            command = None
        name = str(step.get("name") or (f"run {command}" if command else step.get("uses") or f"step {i}"))
        out.append((name, command, str(step.get("uses") or "")))
    return str(job), out


def workflow_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    path = _workflow(query, cwd) if _RUN_STEPS.search(query) else None
    found = _steps(query, cwd, path) if path else None
    if not found or not any(c for _, c, _ in found[1]):
        return []
    job, steps = found
    runnable = [(n, c) for n, c, _ in steps if c]
    return [planned(c, "check", f"{STEP_GOAL}{i}/{len(runnable)} {n!r} of job {job} in {path}", timeout_s=120)
            for i, (n, c) in enumerate(runnable, 1)]


def workflow_report(query: str, records: list[CommandRecord], cwd: Path | None) -> str:
    path = _workflow(query, cwd) if cwd and _RUN_STEPS.search(query) else None
    found = _steps(query, cwd, path) if path else None
    if not found:
        return ""
    job, steps = found
    ran = {r.command: r for r in records if r.kind == "check"}
    said, failed = [], None
    for name, command, uses in steps:
        record = ran.get(command) if command else None
        if not command:
            said.append(f"{name!r} skipped (" + (f"the action {uses} runs only in CI" if uses else "not a plain command") + ")")
        elif failed or record is None:
            said.append(f"{name!r} not run" + (" (after the failure)" if failed else ""))
        elif record.refused:
            said.append(f"{name!r} refused by the policy")
        elif record.failed:
            failed = name
            last = next((line.strip() for line in reversed(record.output.splitlines()) if line.strip()), "")
            said.append(f"{name!r} FAILED (exit code {record.exit_code})" + (f": {last[:200]}" if last else ""))
        else:
            said.append(f"{name!r} passed")
    if not any(r for r in ran.values()):
        return ""
    head = f"The first failing step of job {job} ({path}) is {failed!r}. " if failed else f"Every step of job {job} ({path}) that ran here passed. "
    return head + "Steps in order: " + "; ".join(said) + "."

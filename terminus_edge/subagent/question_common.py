"""Shared by the question plans: the paths a request names, the Python to run, a planned read-only step.

    first_plan(plans, query, cwd) -> [PlannedCommand]  the steps of the first plan that has any
    script_lines(record, marks) -> [str] | None  the output lines of a planned script that ran clean (its command holds
                                       one of `marks`), else None
    named_paths(query, cwd) -> [str]   the request's words that are paths inside the project (`.env` and
                                       `.github/workflows/ci.yml` included; a word without / or . only when it is a
                                       folder's name; a bare file name such as `inventory.csv`
                                       that is not at the top is the one file of that name further down)
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.purpose import describe
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

# a leading dot is part of the name: `.env`, `.eslintrc.json`, `.github/workflows/ci.yml`
_PATH = re.compile(r"(?<![\w./-])((?:\./)?\.?[\w][\w.-]*(?:/[\w.-]+)*/?)")


def named_paths(query: str, cwd: Path) -> list[str]:
    """Words of the request that name an existing file or folder inside the project, in order."""
    root = cwd.resolve()
    found: list[str] = []
    bare_files: list[str] = []
    for match in _PATH.finditer(query):
        text = match.group(1).rstrip(".")
        if ".." in text.split("/"):
            continue
        bare = "/" not in text and "." not in text  # a plain word counts only as a folder's name ("in src")
        path = (cwd / text)
        try:
            inside = path.resolve().is_relative_to(root) and (path.is_dir() if bare else path.exists())
        except (OSError, ValueError):
            continue
        if inside and text.rstrip("/") and text not in found:
            found.append(text)
        elif not inside and _FILE_NAME.fullmatch(text):
            bare_files.append(text)
    below = _unique_files(cwd, bare_files) if bare_files else {}  # one walk of the tree for all of them
    for text in bare_files:
        where = below.get(text)
        if where and where not in found:
            found.append(where)
    return found


# `inventory.csv`, never `v1.2.0` or `e.g`; the lookbehind starts a match only where a name can start (linear in finditer).
_FILE_NAME = re.compile(r"(?<![\w.-])[\w-][\w.-]*\.[A-Za-z][A-Za-z0-9]{0,5}")
MAX_WALKED = 20_000
_SKIP = {".git", "node_modules", "target", "build", "dist", "out", ".venv", "venv", "__pycache__", ".tox"}


def _unique_files(cwd: Path, names: list[str]) -> dict[str, str]:
    """name -> its path relative to cwd, for each name exactly one file of the project has (dependency and build
    folders skipped; at most MAX_WALKED entries looked at)."""
    wanted = set(names)
    seen: dict[str, list[str]] = {}
    walked = 0
    for folder, dirs, files in os.walk(cwd):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP and not d.startswith("."))
        walked += len(dirs) + len(files)
        for name in files:
            if name in wanted:
                seen.setdefault(name, []).append(os.path.relpath(os.path.join(folder, name), cwd))
        if walked > MAX_WALKED:
            break
    return {name: paths[0] for name, paths in seen.items() if len(paths) == 1}


def exists(path: Path) -> bool:
    """Path.exists() that answers False for a name the file system cannot hold (a request's 10,000-letter "word")."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def python_command() -> str:
    return "python3" if shutil.which("python3") or not shutil.which("python") else "python"


def python_script(script: str, *args: object) -> str:
    """`python3 -c SCRIPT ARG…`, the script and each argument quoted for the shell."""
    return " ".join([python_command(), "-c", *(shlex.quote(str(a)) for a in (script, *args))])


def planned(command: str, kind: str, goal: str, timeout_s: float = 30.0) -> PlannedCommand:
    return PlannedCommand(command=command, kind=kind, explanation=describe(command).explanation, goal=goal,
                          timeout_s=timeout_s)


def script_lines(record: CommandRecord, marks: tuple[str, ...]) -> list[str] | None:
    """A planned script's answer lines (stripped, blank ones left out), when it ran to exit code 0; None otherwise."""
    if not (record.ran and record.exit_code == 0 and any(mark in record.command for mark in marks)):
        return None
    return [line.strip() for line in record.output.splitlines() if line.strip()]


def first_plan(plans, query: str, cwd: Path) -> list[PlannedCommand]:
    """The steps of the first of `plans` (functions of query and cwd) that plans any."""
    for plan in plans:
        steps = plan(query, cwd)
        if steps:
            return steps
    return []

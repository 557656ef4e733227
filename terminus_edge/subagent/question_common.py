"""Shared by the question plans: the paths a request names, the Python to run, a planned read-only step.

    named_paths(query, cwd) -> [str]   the request's words that are paths inside the project (a word without / or .
                                       only when it is a folder's name)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from terminus_edge.subagent.purpose import describe
from terminus_edge.subagent.records import PlannedCommand

_PATH = re.compile(r"(?<![\w./-])((?:\./)?[\w][\w.-]*(?:/[\w.-]+)*/?)")


def named_paths(query: str, cwd: Path) -> list[str]:
    """Words of the request that name an existing file or folder inside the project, in order."""
    root = cwd.resolve()
    found: list[str] = []
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
    return found


def python_command() -> str:
    return "python3" if shutil.which("python3") or not shutil.which("python") else "python"


def planned(command: str, kind: str, goal: str, timeout_s: float = 30.0) -> PlannedCommand:
    return PlannedCommand(command=command, kind=kind, explanation=describe(command).explanation, goal=goal,
                          timeout_s=timeout_s)

"""A Python import of one of the project's own modules that does not exist ("No module named 'pkg.storage'"):
look for the module under a similar name in that package folder (pkg/store.py), like the near-miss search
for an undefined symbol.

    similar_module_followup(cwd, output) -> PlannedCommand | None

Only when the package folder exists in the project and holds a module whose name starts like the missing
one (its first four letters, or all of a shorter name) or is nearly the same (difflib ratio 0.8); the command is a plain `find`
of those names, so the answer quotes what is on disk.
"""

from __future__ import annotations

import difflib
import re
import shlex
from pathlib import Path

from terminus_edge.subagent.records import PlannedCommand

_MISSING = re.compile(r"No module named '([A-Za-z_][\w.]*)'")
PREFIX = 4


def similar_module_followup(cwd: Path, output: str) -> PlannedCommand | None:
    match = _MISSING.search(output)
    if not match or "." not in match.group(1):
        return None
    *package, name = match.group(1).split(".")
    folder = cwd.joinpath(*package)
    if not folder.is_dir() or any(part.startswith(".") for part in package):
        return None
    stem = name[:PREFIX]
    similar = sorted(p.name for p in folder.iterdir()
                     if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))
                     and p.stem != name and (p.stem.startswith(stem) or _one_typo(p.stem, name)))
    if not similar:
        return None
    rel = folder.relative_to(cwd).as_posix()
    patterns = " -o ".join(f"-name {shlex.quote(n)}" for n in similar[:5])
    return PlannedCommand(
        command=f"find {shlex.quote(rel)} -maxdepth 1 \\( {patterns} \\)", kind="search", timeout_s=30.0,
        explanation=f"List the modules in {rel}/ whose names are close to the missing {name}.",
        goal=f"show the module in {rel}/ that the import of {match.group(1)} may have meant")


def _one_typo(a: str, b: str) -> bool:
    return a != b and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8

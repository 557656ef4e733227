"""Do the project's version numbers agree? One read-only grep of the places a version is declared (the files the
request names, else the usual ones: manifests, the package's __version__, a VERSION file, the changelog's newest
heading), and the answer compares the first version each file gives.

    version_agreement_plan(query, cwd) -> [PlannedCommand]
    version_agreement_report(records) -> str
        "The versions do not agree: pyproject.toml 2.4.0; src/tidyup/__init__.py 2.3.1; CHANGELOG.md 2.4.0 (newest entry)."
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_AGREE = re.compile(r"\b(?:agree\w*|match\w*|consistent|inconsistent|in\s+sync|out\s+of\s+sync|same|mismatch\w*|differ\w*|"
                    r"line\s+up|disagree\w*)\b", re.I)
_VERSIONS = re.compile(r"\bversion\s+(?:numbers?|strings?|fields?)\b|\bversions\b|__version__", re.I)
_MANIFESTS = ("pyproject.toml", "setup.cfg", "setup.py", "package.json", "Cargo.toml", "VERSION", "version.txt")
_CHANGELOGS = ("CHANGELOG.md", "CHANGELOG.rst", "CHANGELOG", "CHANGES.md", "CHANGES.rst", "HISTORY.md", "NEWS.md")
_VERSION_MODULES = ("*/__init__.py", "src/*/__init__.py", "*/_version.py", "src/*/_version.py", "*/version.py",
                    "src/*/version.py")
PATTERN = (r"^\s*(version|__version__|VERSION)\s*[:=]|^\s*\"version\"\s*:|^#+\s*\[?v?[0-9]+\.[0-9]+|"
           r"^v?[0-9]+\.[0-9]+(\.[0-9]+)?\s*$|^\s*\.\.\s+_?v?[0-9]+\.[0-9]+")
_GREP = "grep -nHE -m 2"


def _declares_version(path: Path) -> bool:
    try:
        return bool(re.search(r"^__version__\s*=", path.read_text(encoding="utf-8", errors="replace")[:20_000], re.M))
    except OSError:
        return False


def version_agreement_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_AGREE.search(query) and _VERSIONS.search(query)):
        return []
    named = [p for p in named_paths(query, cwd) if (cwd / p).is_file()]
    modules = [str(p.relative_to(cwd)) for pattern in _VERSION_MODULES for p in sorted(cwd.glob(pattern))
               if _declares_version(p)]
    if named:
        files = named + (modules[:1] if re.search(r"__version__|\bpackage'?s?\s+version\b", query, re.I) else [])
    else:
        files = [f for f in _MANIFESTS + _CHANGELOGS if (cwd / f).is_file()] + modules[:2]
    files = list(dict.fromkeys(files))
    if len(files) < 2:
        return []
    return [planned(f"{_GREP} {shlex.quote(PATTERN)} " + " ".join(shlex.quote(f) for f in files[:8]), "info",
                    "show the version each file declares (a changelog's first heading is its newest entry)")]


_HIT = re.compile(r"^([^:\n]+):(\d+):(.*)$", re.M)
_NUMBER = re.compile(r"(?<![\w.])v?(\d+\.\d+(?:\.\d+)?(?:[-.]?(?:a|b|rc|dev|alpha|beta|pre|post)\.?\d*)?)(?![\w.])")


def version_agreement_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if r.command.startswith(f"{_GREP} {shlex.quote(PATTERN)} ") and not r.refused
                   and r.exit_code in (0, 1)), None)
    if record is None:
        return ""
    first: dict[str, str] = {}
    for path, _, text in _HIT.findall(record.output):
        number = _NUMBER.search(text)
        if number and path not in first:
            first[path] = number.group(1)
    if len(first) < 2:
        return ""
    listed = "; ".join(f"{p} {v}" + (" (newest entry)" if Path(p).name in _CHANGELOGS else "") for p, v in first.items())
    values = set(first.values())
    if len(values) == 1:
        return f"The versions agree: every file says {values.pop()} ({', '.join(first)})."
    counts = {v: list(first.values()).count(v) for v in values}
    odd = [p for p, v in first.items() if counts[v] < max(counts.values())] if len(set(counts.values())) > 1 else []
    tail = f" The odd one out: {', '.join(f'{p} ({first[p]})' for p in odd)}." if odd else ""
    return f"The versions do not agree: {listed}.{tail}"

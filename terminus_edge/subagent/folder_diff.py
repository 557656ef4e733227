"""Two folders compared: "which files differ between config/staging and config/production, and how?" -> `diff -r A B`
(read-only; exit 1 just means they differ). The answer names the files only in one folder, and each file that
differs with its changed lines paired old -> new.

    folder_diff_plan(query, cwd) -> [PlannedCommand]
    folder_diff_report(records) -> str
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_ASKS = re.compile(r"\b(?:differ(?:s|ent|ence|ences)?|diff|compare[sd]?|comparison|changed|same|identical|in\s+sync)\b", re.I)
# Possessive, and only from the start of a run of separators: a search inside a long blank run would be quadratic.
_JOINED = re.compile(r"(?<![/`'\"\s])[/`'\"\s]*+(?:and|with|vs\.?|versus|to|against|&)[`'\"\s]*+", re.I)
_MAX_LINES = 6


def folder_diff_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _ASKS.search(query):
        return []
    folders = [p.rstrip("/") for p in named_paths(query, cwd) if (cwd / p).is_dir() and p.strip("./")]
    if len(folders) != 2 or folders[0] == folders[1]:
        return []
    a, b = folders
    between = query[query.find(a) + len(a): query.find(b, query.find(a) + len(a))] if a in query and b in query else ""
    if not _JOINED.fullmatch(between):  # "A and B", "A with B", "A vs B": the two compared, not "under A or B"
        return []
    return [planned(f"diff -r {shlex.quote(a)} {shlex.quote(b)}", "info",
                    f"compare {a} with {b} file by file (`<` {a}, `>` {b})")]


_ONLY = re.compile(r"^Only in (.+?): (.+)$")
_FILE = re.compile(r"^diff -r (\S+) (\S+)$")


def folder_diff_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if r.ran and r.command.startswith("diff -r ") and r.exit_code in (0, 1)), None)
    if record is None:
        return ""
    a, b = shlex.split(record.command)[2:4]
    if record.exit_code == 0:
        return f"{a} and {b} hold the same files with the same contents (diff -r found no difference)."
    only: dict[str, list[str]] = {a: [], b: []}
    changed: list[str] = []
    current, old, new = None, [], []

    def close() -> None:
        if current:
            pairs = [f"{o} -> {n}" for o, n in zip(old, new)] + [f"{o} removed" for o in old[len(new):]] + \
                [f"{n} added" for n in new[len(old):]]
            more = f" (+{len(pairs) - _MAX_LINES} more)" if len(pairs) > _MAX_LINES else ""
            changed.append(f"{current}: " + "; ".join(pairs[:_MAX_LINES]) + more)

    for line in record.output.splitlines():
        m_only, m_file = _ONLY.match(line), _FILE.match(line)
        if m_only or m_file:
            close()
            current, old, new = None, [], []
        if m_only:
            folder = m_only.group(1).rstrip("/")
            side = a if folder == a or folder.startswith(a + "/") else b
            only[side].append(f"{folder[len(side):].lstrip('/')}/{m_only.group(2)}".lstrip("/"))
        elif m_file:
            current = m_file.group(1)[len(a):].lstrip("/")
        elif current and line.startswith("< "):
            old.append(line[2:].strip())
        elif current and line.startswith("> "):
            new.append(line[2:].strip())
    close()
    said = [f"{len(changed)} file(s) differ between {a} and {b} ({a} -> {b}): " + " | ".join(changed) if changed else
            f"no file present in both {a} and {b} differs"]
    said += [f"only in {side}: {', '.join(names)}" for side, names in only.items() if names]
    return "; ".join(said) + "."

"""Lines that say a quoted text, counted per file: "how many lines say 'upstream timeout' in each of the logs under
logs/?", "count the lines containing `DeprecationWarning` in build/*.log". One read-only command a user can re-run
(`grep -c -F`, recursive for a folder: every file's count, zeros included), the answer read off its output.

    match_counts_plan(query, cwd) -> [PlannedCommand]
    match_counts_report(records) -> str
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import exists, named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge import shell_words

_VERBS = r"(?:say|says|contain|contains|containing|mention|mentions|mentioning|match|matches|matching|have|has|with|include|includes)"
_ASKS = re.compile(rf"\b(?:how\s+many|count(?:\s+the)?|number\s+of)\s+(?:log\s+)?lines\s+(?:(?:in|of)\s+[\w./-]{{1,200}}\s+)?"
                   rf"(?:that\s+|which\s+)?(?:do\s+|does\s+)?{_VERBS}\s+"
                   r"(?:the\s+(?:word|phrase|text|string)\s+)?(['\"`])([^'\"`\n]{1,80})\1", re.I)
_MARK = "grep -c -F "


def match_counts_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _ASKS.search(query)
    if not match:
        return []
    rest = query[:match.start(2)] + " " + query[match.end(2):]  # the paths, not the words of the quoted text
    paths = list(dict.fromkeys(p.rstrip("/") or p for p in named_paths(rest, cwd) if exists(cwd / p)))
    if not paths:
        return []
    recursive = "-r " if any((cwd / p).is_dir() for p in paths) else ""
    text = match.group(2)
    return [planned(f"{_MARK}{recursive}-e {shlex.quote(text)} -- {' '.join(shlex.quote(p) for p in paths[:8])}", "search",
                    f"count the lines that contain \"{text}\" in each file")]


_COUNT = re.compile(r"^(.+):(\d+)$", re.M)


def match_counts_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.command.startswith(_MARK)), None)
    if record is None or record.exit_code not in (0, 1):  # grep: 1 = no line matched anywhere
        return ""
    text = shell_text(record.command)
    rows = _COUNT.findall(record.output)
    if not rows and record.output.strip().isdigit():  # one file: grep prints the count alone
        rows = [(record.command.rsplit(" -- ", 1)[1], record.output.strip())]
    if not rows:
        return ""
    rows.sort(key=lambda row: -int(row[1]))
    total = sum(int(n) for _, n in rows)
    said = ", ".join(f"{path} {n}" for path, n in rows[:30]) + (f" (+{len(rows) - 30} more files)" if len(rows) > 30 else "")
    return f"Lines containing \"{text}\" per file (grep -c): {said}; {total} in all."


def shell_text(command: str) -> str:
    try:
        return shell_words.split(command.split(" -e ", 1)[1].split(" -- ", 1)[0])[0]
    except (ValueError, IndexError):
        return ""

"""Git history questions about one file or a stretch of days, each answered by one read-only git command a user can
re-run, with the answer sentence read off its output:

    last_change_plan(query, cwd)  "which commit last changed src/parser.py? who and when?" ->
                                  git log -1 --format=… -- PATH
    date_range_plan(query, cwd)   "which commits were made between 2024-03-11 and 2024-03-17?" / "on 2024-03-13" /
                                  "since 2024-03-11" -> git log --since='A 00:00:00' --until='B 23:59:59'
    file_history_reports(records) -> [str]

Dates are ISO days, read as whole days (from 00:00:00 to 23:59:59, the machine's time zone, git's committer date).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import exists, named_paths, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.repo_questions import _in_git

_CHANGED = r"(?:changed|touched|modified|edited|updated|committed\s+to)"
_LAST_CHANGE = re.compile(rf"\b(?:which|what)\s+commit\s+(?:last|most\s+recently)\s+{_CHANGED}\b|"
                          rf"\b(?:last|latest|most\s+recent)\s+(?:commit|change)\s+(?:that\s+)?(?:{_CHANGED}|to|of|on)\b|"
                          rf"\bwho\s+(?:last|most\s+recently)\s+{_CHANGED}\b|"
                          rf"\bwhen\s+was\s+\S+\s+(?:last|most\s+recently)\s+{_CHANGED}\b", re.I)
_DAY = r"(\d{4}-\d\d-\d\d)"
_COMMITS = r"\bcommits?\b[^.?!\n]{0,60}?"
_BETWEEN = re.compile(rf"{_COMMITS}\b(?:between|from)\s+{_DAY}\s+(?:and|to|until|through|-)\s+{_DAY}", re.I)
_ON = re.compile(rf"{_COMMITS}\bon\s+{_DAY}", re.I)
_SINCE = re.compile(rf"{_COMMITS}\b(?:since|after)\s+{_DAY}", re.I)
LOG_FORMAT = "--format='%h %s (%an, %ad)'"


def last_change_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _LAST_CHANGE.search(query) or not _in_git(cwd):
        return []
    paths = [p for p in named_paths(query, cwd) if exists(cwd / p)]
    if not paths:
        return []
    return [planned(f"git log -1 {LOG_FORMAT} --date=iso -- {shlex.quote(paths[0])}", "info",
                    f"find the last commit that changed {paths[0]}: its id, subject, author and date")]


def date_range_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    between, on, since = _BETWEEN.search(query), _ON.search(query), _SINCE.search(query)
    if not (between or on or since) or not _in_git(cwd):
        return []
    first, last = between.groups() if between else (on.group(1), on.group(1)) if on else (since.group(1), None)
    until = f" --until='{last} 23:59:59'" if last else ""
    what = f"from {first} to {last}" if last and last != first else f"on {first}" if last else f"since {first}"
    return [planned(f"git log --since='{first} 00:00:00'{until} {LOG_FORMAT} --date=short", "info",
                    f"list the commits made {what} (whole days, committer dates)")]


_ENTRY = re.compile(r"^([0-9a-f]{7,40}) (.*) \(([^()\n]*), (\d{4}-\d\d-\d\d[^()\n]*)\)$", re.M)
_RANGE = re.compile(r"--since='([^\s']++) 00:00:00'(?: --until='([^\s']++) 23:59:59')?")


def file_history_reports(records: list[CommandRecord]) -> list[str]:
    out = []
    for record in records:
        if record.refused or record.exit_code != 0 or not record.command.startswith("git log "):
            continue
        entries = _ENTRY.findall(record.output)
        if record.command.startswith(f"git log -1 {LOG_FORMAT} --date=iso -- "):
            path = record.command.rsplit(" -- ", 1)[1].strip("'")
            out.append(f"{path} was last changed in {entries[0][0]} \"{entries[0][1]}\" by {entries[0][2]} on "
                       f"{entries[0][3]}." if entries else f"git log finds no commit that changed {path}.")
            continue
        span = _RANGE.search(record.command)
        if not span or not record.command.endswith(f"{LOG_FORMAT} --date=short"):
            continue
        first, last = span.groups()
        what = f"from {first} to {last} (inclusive)" if last and last != first else f"on {first}" if last \
            else f"since {first}"
        listed = "; ".join(f"{h} \"{s}\" ({a}, {d})" for h, s, a, d in entries[:20])
        out.append(f"{len(entries)} commit{'s' if len(entries) != 1 else ''} {what}, by committer date"
                   + (f": {listed}" + (" …" if len(entries) > 20 else "") + "." if entries else "."))
    return out

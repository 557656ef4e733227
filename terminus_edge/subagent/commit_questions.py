"""Questions about single commits and their authors, each answered by one read-only git command a user can re-run,
with the answer sentence read off its output:

    commit_plan(query, cwd)    "which files did the last commit change?", "what did commit 3f9c1e2 do?" ->
                               git show --stat HEAD (subject, author, date, files)
    authors_plan(query, cwd)   "who made the most commits?", "commits per author" -> git shortlog -sn HEAD
    commit_reports(records) -> [str]
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.repo_answers import _STAT_FILE, _STAT_TOTAL
from terminus_edge.subagent.repo_questions import _in_git

_LAST = re.compile(r"\b(?:last|latest|most\s+recent|newest|HEAD|previous|top)\s+commit\b|\bcommit\s+`?([0-9a-f]{7,40})`?(?![\w-])",
                   re.I)
_ABOUT = re.compile(r"\b(?:change[sd]?|touch(?:ed|es)?|modif(?:y|ied|ies)|files?|about|do|did|does|contain(?:s|ed)?|"
                    r"include[sd]?|what\s+was|what's\s+in|show)\b", re.I)
_ACTION = re.compile(r"\b(?:undo|revert|amend|reset|squash|push|drop|sign|cherry-?pick|rebase|reword|fixup|split|remove|"
                     r"delete)\b", re.I)
_AUTHORS = re.compile(r"\b(?:per|by|each|every)\s+(?:author|contributor|person|committer|developer)s?\b|\bwho\s+(?:has\s+)?"
                      r"(?:made|wrote|authored|committed|contributed)\s+(?:the\s+)?most\b|\b(?:top|main|biggest)\s+"
                      r"(?:contributors?|committers?|authors?)\b|\bwho\s+(?:are|were)\s+the\s+(?:contributors|authors)\b", re.I)
SHOW_FORMAT = "--format='%h %s (%an, %ad)' --date=short"


def commit_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _LAST.search(query)
    if not match or not _ABOUT.search(query) or _ACTION.search(query) or not _in_git(cwd):
        return []
    ref = match.group(1) or "HEAD"
    if match.group(1) is None and re.search(r"\bprevious\s+commit\b", query, re.I):
        ref = "HEAD~1"
    return [planned(f"git show --stat=200 {SHOW_FORMAT} {shlex.quote(ref)}", "info",
                    f"show the commit {ref}: its subject, author, date and the files it changed")]


def authors_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_AUTHORS.search(query) and re.search(r"\bcommits?\b|\bcontribut", query, re.I)) or not _in_git(cwd):
        return []
    return [planned("git shortlog -sn HEAD", "info", "count the commits of each author reachable from HEAD")]


_SHOWN = re.compile(r"\A([0-9a-f]{7,40}) (.*) \(([^()\n]*), (\d{4}-\d\d-\d\d)\)$", re.M)
_SHORTLOG = re.compile(r"^[ ]*(\d+)\t(.+)$", re.M)  # `git shortlog -sn`: "    12\tName"; [ ]* stays on the line


def commit_reports(records: list[CommandRecord]) -> list[str]:
    out = []
    for record in records:
        if record.refused or record.exit_code != 0:
            continue
        if record.command.startswith(f"git show --stat=200 {SHOW_FORMAT} "):
            head = _SHOWN.search(record.output.strip("\n"))
            if not head:
                continue
            files = [f.strip() for f in _STAT_FILE.findall(record.output)]
            total = _STAT_TOTAL.search(record.output)
            ref = record.command.rsplit(" ", 1)[-1].strip("'")
            which = "The last commit" if ref == "HEAD" else f"Commit {ref}"
            said = f"{which}: {head.group(1)} \"{head.group(2)}\" ({head.group(3)}, {head.group(4)})"
            said += (f"; {total.group(0).strip()}: " + ", ".join(files[:20]) + (" …" if len(files) > 20 else "") + "."
                     if files else "; it changed no file (a merge or an empty commit).")
            out.append(said)
        elif record.command == "git shortlog -sn HEAD":
            rows = _SHORTLOG.findall(record.output)
            if rows:
                out.append("Commits per author (git shortlog, reachable from HEAD): " + ", ".join(
                    f"{name.strip()} {n}" for n, name in rows[:15]) + (f" (+{len(rows) - 15} more authors)" if len(rows) > 15
                                                                       else "") + f". The most: {rows[0][1].strip()} ({rows[0][0]}).")
    return out

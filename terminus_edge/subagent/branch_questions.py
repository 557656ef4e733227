"""Questions about git branches and deleted files, each answered by commands a user can re-run; the answer sentences
read off their output only.

    unmerged_plan      "which local branches haven't been merged into main?" -> git branch -v --no-merged / --merged
    deleted_file_plan  "when was config/legacy.ini deleted, and by whom?" -> git log --diff-filter=D -- PATH
    branch_tests_plan  "compare the tests on main and on feature/x" -> the test command here, then on the other
                       branch (git checkout, and back: git refuses to switch over local changes it would overwrite)
    branch_reports(records) -> [str]
Each plan returns [] when the request is no such question or the project is no git checkout.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import exists, planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.repo_questions import _in_git
from terminus_edge import shell_words

_UNMERGED = re.compile(r"\b(?:unmerged|not\s+(?:yet\s+)?(?:been\s+)?merged|(?:haven't|hasn't|have\s+not|has\s+not|aren't|"
                       r"are\s+not|isn't|is\s+not|weren't)\s+(?:yet\s+)?(?:been\s+)?merged)\b", re.I)
_BRANCH_WORD = re.compile(r"\bbranch(?:es)?\b", re.I)
_INTO = re.compile(r"\b(?:into|in|to)\s+[`'\"]?([\w./-]+)", re.I)


def current_branch(cwd: Path) -> str:
    try:
        head = (cwd / ".git" / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return head.removeprefix("ref: refs/heads/") if head.startswith("ref: refs/heads/") else ""


def _local_branches(cwd: Path) -> set[str]:
    heads = cwd / ".git" / "refs" / "heads"
    found = {str(p.relative_to(heads)) for p in heads.rglob("*") if p.is_file()} if heads.is_dir() else set()
    try:
        packed = (cwd / ".git" / "packed-refs").read_text(encoding="utf-8")
    except OSError:
        packed = ""
    return found | set(re.findall(r"^[0-9a-f]+ refs/heads/(\S+)$", packed, re.M))


def unmerged_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not (_UNMERGED.search(query) and _BRANCH_WORD.search(query)) or not _in_git(cwd):
        return []
    branches = _local_branches(cwd)
    named = [m.group(1) for m in _INTO.finditer(query) if m.group(1) in branches]
    base = named[0] if named else next((b for b in ("main", "master", "trunk", "develop") if b in branches),
                                       current_branch(cwd) or "HEAD")
    quoted = shlex.quote(base)
    return [planned(f"git branch -v --no-merged {quoted}", "info", f"list the local branches not merged into {base}"),
            planned(f"git branch --merged {quoted}", "info", f"list the local branches already merged into {base}")]


_DELETED = re.compile(r"\b(?:deleted|removed|dropped|gone|went\s+away|disappeared|deletion|removal)\b", re.I)
_PATHISH = re.compile(r"(?<![\w./-])((?:\.?[\w-]+/)*[\w-]+\.[A-Za-z0-9]{1,8}|(?:[\w.-]+/)+[\w.-]+)(?![\w/-])")


def deleted_file_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    """A path the request names that no longer exists, and a question of when/who/which commit removed it."""
    if not _DELETED.search(query) or not _in_git(cwd):
        return []
    gone = [p.rstrip(".") for p in (m.group(1) for m in _PATHISH.finditer(query)) if not exists(cwd / p.rstrip("."))]
    if not gone or not re.search(r"\b(?:when|who|which|what)\b|\bcommit\b", query, re.I):
        return []
    quoted = " ".join(shlex.quote(p) for p in dict.fromkeys(gone[:3]))
    return [planned(f"git log --diff-filter=D --format='deleted in %h by %an <%ae> on %ad: %s' --date=short --name-only "
                    f"-- {quoted}", "info", "find the commit that deleted the file: its id, author, date and message")]


_COMPARE = re.compile(r"\b(?:compare|comparison|versus|vs\.?|differ\w*|break\w*|broke|regress\w*)\b", re.I)
_TESTS = re.compile(r"\btests?\b|\btest\s+(?:suite|results?)\b|\bspecs?\b", re.I)


def branch_tests_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    """"Compare the test results on main and feature/x": the suite here, then on each other branch the request names,
    checked out for the run and switched back after it."""
    if not (_COMPARE.search(query) and _TESTS.search(query)) or not _in_git(cwd):
        return []
    from terminus_edge.subagent.detect import detect

    branches, here = _local_branches(cwd), current_branch(cwd)
    words = [w.strip("`'\".,;:?!()") for w in query.split()]
    others = [w for w in dict.fromkeys(words) if w in branches and w != here]
    tests = detect(cwd).test
    if not others or not tests or not here:
        return []
    test = tests[0]
    steps = [planned(f"git rev-parse --abbrev-ref HEAD && timeout -k 5 300 {test}", "test",
                     f"run the tests on {here}, the branch checked out", 320.0)]
    for branch in others[:2]:
        quoted = shlex.quote(branch)
        steps.append(planned(
            f"git checkout -q {quoted} && timeout -k 5 300 {test}; rc=$?; git checkout -q {shlex.quote(here)}; exit $rc",
            "test", f"run the same tests on {branch}, then check {here} out again", 320.0))
    return steps


_SWITCHED = re.compile(r"^git checkout -q (\S+) && ")


def branch_reports(records: list[CommandRecord]) -> list[str]:
    out = []
    for record in records:
        if not record.ran:
            continue
        if record.command.startswith("git branch -v --no-merged "):
            out.append(_unmerged(record, records))
        elif record.command.startswith("git log --diff-filter=D --format='deleted in "):
            out.append(_deleted(record))
    compare = _compare(records)
    return [o for o in out + [compare] if o]


def _unmerged(record: CommandRecord, records: list[CommandRecord]) -> str:
    base = record.command.split()[-1]
    names = re.findall(r"^[*+ ] (\S+)\s+[0-9a-f]{4,}\s+(.*)$", record.output, re.M)
    merged_rec = next((r for r in records if r.command.startswith("git branch --merged ") and r.exit_code == 0), None)
    merged = [b for b in re.findall(r"^[*+ ] (\S+)\s*$", merged_rec.output, re.M) if b != base] if merged_rec else []
    if record.exit_code != 0:
        return ""
    text = (f"{len(names)} local branch{'es' * (len(names) != 1)} not merged into {base}: "
            + "; ".join(f"{n} (last commit: {s.strip()})" for n, s in names) + "." if names
            else f"Every local branch is merged into {base}.")
    if merged_rec is not None:
        text += f" Already merged into {base}: " + (", ".join(merged) if merged else "none") + "."
    return text


def _deleted(record: CommandRecord) -> str:
    if record.exit_code != 0:
        return ""
    events = re.findall(r"^deleted in (\S+) by (.+?) <[^>]*> on (\S+): (.*)\n+((?:[^\n]+\n?)*)", record.output, re.M)
    if not events:
        return "git log finds no commit that deleted " + " ".join(shell_words.split(record.command.split(" -- ", 1)[1])) + "."
    return " ".join(f"{', '.join(f.split())} was deleted in commit {h} by {who} on {day}: '{subject}'."
                    for h, who, day, subject, f in events[:3])


def _compare(records: list[CommandRecord]) -> str:
    """The test results per branch, and the failures only the other branch has."""
    runs = [(r, (_SWITCHED.search(r.command).group(1) if _SWITCHED.search(r.command) else None)) for r in records
            if r.kind == "test" and r.ran]
    if len(runs) < 2 or not any(b for _, b in runs):
        return ""
    base = runs[0][0]
    parts, base_failed = [], set(_failed(base))
    for record, branch in runs:
        counts = (record.facts or {}).get("counts") or {}
        tally = ", ".join(f"{counts[k]} {k}" for k in ("failed", "passed", "errors", "skipped") if counts.get(k))
        head = re.match(r"([\w./-]+)\n", record.output) if record.command.startswith("git rev-parse") else None
        name = branch.strip("'") if branch else (head.group(1) if head else "the checked-out branch")
        parts.append(f"{name}: {tally or 'exit code ' + str(record.exit_code)}")
        new = [t for t in _failed(record) if t not in base_failed] if branch else []
        if new:
            parts[-1] += " (failing only there: " + ", ".join(new[:8]) + ")"
    return "Test results per branch: " + "; ".join(parts) + "."


def _failed(record: CommandRecord) -> list[str]:
    names = [f.get("test") or f.get("name") or "" for f in (record.facts or {}).get("failures") or []]
    return [n.split("::")[-1] for n in names if n]

"""Git questions answered by one read-only command each, the answer read off its output:

    introduced_plan   "which commit introduced / added the ENABLE_X flag?" -> git log -S TEXT --reverse (the first commit
                      whose diff changes how often TEXT occurs: the one that added it)
    contains_plan     "which branches contain the "Fix rounding" commit / commit 1a2b3c4?" -> git branch -a --contains REV
                      (a subject is named by git's own `:/TEXT` revision: the youngest commit whose message matches)
    stash_plan        "what is in my stash?" -> git stash list --stat (every entry, its message and files; nothing applied)
    latest_tag_plan   "what is the latest (release) tag, how many commits since?" -> git describe --tags --long (the
                      nearest tag reachable from HEAD, not the newest tag of another branch)
    git_lookup_reports(records) -> [str]
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from terminus_edge.subagent.question_common import planned
from terminus_edge.subagent.records import CommandRecord, PlannedCommand
from terminus_edge.subagent.repo_questions import _in_git

_INTRODUCED = re.compile(r"\b(?:which|what)\s+commit\s+(?:first\s+)?(?:introduced|added|brought\s+in|created)\s+(?:the\s+)?"
                         r"(?:`([^`\n]{2,80})`|\"([^\"\n]{2,80})\"|'([^'\n]{2,80})'|([A-Za-z_][\w.:-]{2,80}))|"
                         r"\bwhen\s+was\s+(?:the\s+)?(?:`([^`\n]{2,80})`|([A-Za-z_][\w.:-]{2,80}))\s+(?:\w+\s+)?"
                         r"(?:first\s+)?(?:introduced|added)\b", re.I)
_KIND_WORDS = {"flag", "function", "class", "setting", "option", "constant", "variable", "method", "line", "file", "feature"}
_CONTAINS = re.compile(r"\b(?:which|what)\s+(?:remote\s+)?branch(?:es)?\s+(?:already\s+|still\s+)?(?:contains?|includes?|"
                       r"ha(?:ve|s))\s+(?:the\s+)?(?:commit\s+)?(?:\"([^\"\n]{3,120})\"|`([^`\n]{3,120})`|'([^'\n]{3,120})'|"
                       r"([0-9a-f]{7,40})\b)", re.I)
_STASH = re.compile(r"\b(?:what(?:'s|\s+is)?\s+in|show|list|contents?\s+of)\s+(?:my\s+|the\s+)?(?:git\s+)?stash(?:es)?\b|"
                    r"\bstash(?:es|ed)?\s+(?:entries|list|changes)\b|\bwhat\s+(?:did\s+I|have\s+I|is)\s+stash(?:ed)?\b", re.I)
_LATEST_TAG = re.compile(r"\b(?:latest|newest|most\s+recent|last|current)\s+(?:release\s+|version\s+|git\s+)?tag\b|"
                         r"\bcommits?\s+(?:have\s+)?(?:landed\s+|been\s+made\s+)?since\s+the\s+(?:last|latest)\s+(?:tag|release)\b", re.I)
FORMAT = "--format='%h %s (%an, %ad)' --date=short"


def introduced_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _INTRODUCED.search(query)
    if not match or not _in_git(cwd):
        return []
    text = next(g for g in match.groups() if g)
    if text.lower() in _KIND_WORDS:  # "which commit added the flag `X`": the name follows
        rest = re.search(r"`([^`\n]{2,80})`|\b([A-Z_][A-Z0-9_]{2,80})\b", query[match.end():])
        if not rest:
            return []
        text = rest.group(1) or rest.group(2)
    return [planned(f"git log -S {shlex.quote(text)} --reverse {FORMAT}", "info",
                    f"list the commits that added or removed `{text}`, oldest first: the first one introduced it")]


def contains_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _CONTAINS.search(query)
    if not match or not _in_git(cwd):
        return []
    subject, sha = next(g for g in match.groups()[:3] if g) if any(match.groups()[:3]) else None, match.group(4)
    rev = sha or ":/" + re.escape(subject).replace("\\ ", " ")
    return [planned(f"git branch -a --contains {shlex.quote(rev)}", "info",
                    f"list the branches whose history includes {'commit ' + sha if sha else 'the commit ' + repr(subject)}")]


def stash_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _STASH.search(query) or not _in_git(cwd):
        return []
    return [planned("git stash list --stat", "info", "list every stash entry with its message and the files it holds (nothing applied)")]


def latest_tag_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _LATEST_TAG.search(query) or not _in_git(cwd):
        return []
    return [planned("git describe --tags --long", "info",
                    "find the nearest tag reachable from HEAD and the number of commits made since it")]


_LOGGED = re.compile(r"^([0-9a-f]{7,40}) (.*) \(([^()\n]*), (\d{4}-\d\d-\d\d)\)$", re.M)
_DESCRIBED = re.compile(r"^(.+)-(\d+)-g([0-9a-f]{4,40})$")
_STASH_ENTRY = re.compile(r"^(stash@\{\d+\}): (?:WIP on|On) ([^:\n]+): (.*)$", re.M)


def git_lookup_reports(records: list[CommandRecord]) -> list[str]:
    out = []
    for r in records:
        if not r.ran:
            continue
        words = r.command.split()
        if r.command.startswith("git log -S ") and r.exit_code == 0:
            found = _LOGGED.findall(r.output)
            text = shlex.split(r.command)[3]
            if found:
                sha, subject, who, day = found[0]
                later = f"; {len(found) - 1} later commit(s) added or removed it, the last {found[-1][0]} {found[-1][1]!r}" if len(found) > 1 else ""
                out.append(f"`{text}` was introduced by {sha} {subject!r} ({who}, {day}){later}.")
            else:
                out.append(f"No commit adds or removes `{text}` (git log -S found none).")
        elif words[:4] == ["git", "branch", "-a", "--contains"]:
            names = [line.strip(" *") for line in r.output.splitlines() if line.strip()]
            rev = shlex.split(r.command)[-1]
            rev = f"the newest commit whose message matches {rev[2:].replace(chr(92), '')!r}" if rev.startswith(":/") else rev
            if r.exit_code == 0:
                out.append(f"{len(names)} branch(es) contain {rev}: " + ", ".join(names) + "." if names else
                           f"No branch contains {rev}.")
            else:
                out.append(f"git could not find the commit {rev} (exit code {r.exit_code}).")
        elif r.command == "git stash list --stat" and r.exit_code == 0:
            out.append(_stash_sentence(r.output))
        elif r.command == "git describe --tags --long":
            m = _DESCRIBED.match(r.output.strip().splitlines()[-1] if r.output.strip() else "")
            if r.exit_code == 0 and m:
                out.append(f"The nearest tag reachable from HEAD is {m.group(1)}, with {m.group(2)} commit(s) since it "
                           f"(HEAD {m.group(3)}).")
            else:
                out.append(f"No tag is reachable from HEAD (git describe exit code {r.exit_code}).")
    return out


def _stash_sentence(text: str) -> str:
    entries = list(_STASH_ENTRY.finditer(text))
    if not entries:
        return "The stash is empty (git stash list printed nothing)."
    said = []
    for i, m in enumerate(entries):
        body = text[m.end(): entries[i + 1].start() if i + 1 < len(entries) else len(text)]
        files = re.findall(r"^\s+(\S.*?)\s+\|\s+(\d+|Bin)", body, re.M)
        said.append(f"{m.group(1)} {m.group(3)!r} (on {m.group(2)}): " + (
            ", ".join(f"{f} ({n} lines changed)" if n != "Bin" else f"{f} (binary)" for f, n in files) or "no file changes listed"))
    return f"{len(entries)} stash entr{'y' if len(entries) == 1 else 'ies'}, newest first: " + "; ".join(said) + \
        ". Nothing was applied or dropped."

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

# the question ("which commit added …", "when was … first added", "who introduced …"), then the name it asks about, within
# it or just after it: the first backticked or quoted text, else a code-like word (snake_case, CONSTANT_CASE, camelCase,
# `name()`); "test_add fails. Which commit introduced the failure?" names none (a bisect's question)
_INTRODUCED = re.compile(r"\b(?:which|what)\s+commit\s+(?:first\s+)?(?:introduced|added|brought\s+in|created)\b|"
                         r"\bwhen\s+(?:was|were|did)\b[^?!\n]{0,80}?\b(?:first\s+)?(?:introduced|added|appear(?:ed)?)\b|"
                         r"\bwho\s+(?:first\s+)?(?:introduced|added)\b", re.I)
_QUOTED_NAME = re.compile(r"`([^`\n]{2,80})`|\"([^\"\n]{2,80})\"|(?<!\w)'([^'\n]{2,80})'")
_CODE_NAME = re.compile(r"(?<![\w./-])(?:[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+|[a-z]+[A-Z]\w*|[A-Za-z_]\w*\(\))(?![\w./-])")
# "which branches contain / have …", "is … on the release/1.x branch (yet)?"; the commit: a quoted subject next to the
# word commit, or a hash
_CONTAINS = re.compile(r"\b(?:which|what)\s+(?:remote\s+)?branch(?:es)?\s+(?:already\s+|still\s+)?(?:contains?|includes?|ha(?:ve|s))\b|"
                       r"\b(?:is|was|has)\b[^?!\n]{0,160}?\b(?:on|in|into|made\s+it\s+(?:in)?to)\s+(?:the\s+)?(?:branch\s+)?"
                       r"[\w./-]+\s+branch\b", re.I)
_COMMIT_REF = re.compile(r"\bcommit\s+(?:\"([^\"\n]{3,120})\"|`([^`\n]{3,120})`)|(?:\"([^\"\n]{3,120})\"|`([^`\n]{3,120})`)\s+commit\b|"
                         r"\b(?:commit\s+)?([0-9a-f]{7,40})\b")
_STASH = re.compile(r"\b(?:what(?:'s|\s+is)?\s+in|show|list|contents?\s+of)\s+(?:my\s+|the\s+)?(?:git\s+)?stash(?:es)?\b|"
                    r"\bstash(?:es|ed)?\s+(?:entries|list|changes)\b|\bwhat\s+(?:did\s+I|have\s+I|is)\s+stash(?:ed)?\b", re.I)
# asks for the tag itself ("what is the latest release tag?"), not for what changed since it (since_tag_plan's question)
_LATEST_TAG = re.compile(r"\b(?:what|which)(?:'s|\s+is|\s+was)?\s+(?:the\s+|our\s+)?(?:latest|newest|most\s+recent|last|current)\s+"
                         r"(?:release\s+|version\s+|git\s+)?tag\b|\bhow\s+many\s+commits?\b[^?!\n]{0,40}?\bsince\s+the\s+(?:last|latest)\s+"
                         r"(?:release\s+)?tag\b", re.I)
_NOT_NAMES = {"the", "a", "which", "what", "this", "that", "same", "other", "current", "my", "our", "each", "every", "remote", "local", "any"}
FORMAT = "--format='%h %s (%an, %ad)' --date=short"


def introduced_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    match = _INTRODUCED.search(query)
    if not match or not _in_git(cwd):
        return []
    window = query[match.start(): match.end() + 48]  # the name the question is about, not a name said before it
    quoted, code = _QUOTED_NAME.search(window), _CODE_NAME.search(window)
    text = next(g for g in quoted.groups() if g) if quoted else code.group(0).removesuffix("()") if code else None
    if not text:
        return []
    return [planned(f"git log -S {shlex.quote(text)} --reverse {FORMAT}", "info",
                    f"list the commits that added or removed `{text}`, oldest first: the first one introduced it")]


def contains_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    ref = _COMMIT_REF.search(query) if _CONTAINS.search(query) else None
    if not ref or not _in_git(cwd):
        return []
    subject, sha = next((g for g in ref.groups()[:4] if g), None), ref.group(5)
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


def git_lookup_reports(query: str, records: list[CommandRecord]) -> list[str]:
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
                asked = _BRANCH_NAMED.findall(query)
                out += [f"{b} is not among them: it does not contain the commit." if b not in names and f"remotes/{b}" not in names
                        else f"{b} contains it." for b in dict.fromkeys(x or y for x, y in asked) if b and b.lower() not in _NOT_NAMES]
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


# A name read from its first character only (a search from inside a long path-like word was quadratic).
_BRANCH_NAMED = re.compile(r"(?:\bthe\s+)?(?<![\w./-])([\w./-]++)\s+branch\b|\bbranch\s+([\w./-]+)")
_STAT_COUNT = re.compile(r"(?<![ \t])[ \t]++(\d+|Bin)\b")


def _stat_file(line: str) -> tuple[str, str] | None:
    """(file, lines changed or "Bin") from a --stat line " path | 3 ++-" (split at the bar: a regex over the
    blank lines around it was quadratic)."""
    name, bar, rest = line.partition("|")
    count = _STAT_COUNT.match(rest)
    if not bar or not count or not name[:1].isspace() or not name[-1:].isspace() or not name.strip():
        return None
    return name.strip(), count.group(1)


def _stash_sentence(text: str) -> str:
    entries = list(_STASH_ENTRY.finditer(text))
    if not entries:
        return "The stash is empty (git stash list printed nothing)."
    said = []
    for i, m in enumerate(entries):
        body = text[m.end(): entries[i + 1].start() if i + 1 < len(entries) else len(text)]
        files = [f for f in map(_stat_file, body.splitlines()) if f]
        said.append(f"{m.group(1)} {m.group(3)!r} (on {m.group(2)}): " + (
            ", ".join(f"{f} ({n} lines changed)" if n != "Bin" else f"{f} (binary)" for f, n in files) or "no file changes listed"))
    return f"{len(entries)} stash entr{'y' if len(entries) == 1 else 'ies'}, newest first: " + "; ".join(said) + \
        ". Nothing was applied or dropped."

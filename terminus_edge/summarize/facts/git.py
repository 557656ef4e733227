"""git: merge/rebase conflicts, push rejections, fatal errors, status, and `git log` listings."""

from __future__ import annotations

import re
from collections import Counter

from terminus_edge.summarize.facts.common import clip, iter_lines, plural
from terminus_edge.summarize.facts.types import Facts

NAME = "git"
COMMAND_RE = re.compile(r"(^|[\s/;&|])git\b")
OUTPUT_RE = re.compile(r"^CONFLICT \(|^Automatic merge failed|^ ! \[(?:remote )?rejected\]|^On branch \S+$|^fatal: (?!\[)|^You are in 'detached HEAD' state", re.M)

CONFLICT_RE = re.compile(r"^CONFLICT \(([^)\n]+)\): (?:Merge conflict in (\S+)|(.+))$", re.M)
AUTO_MERGED_RE = re.compile(r"^Auto-merging (\S+)$", re.M)
FATAL_RE = re.compile(r"^(fatal|error): (.+)$", re.M)
# A server hook's message (`remote: error: direct pushes to main are not allowed`), padded with spaces by git.
REMOTE_ERROR_RE = re.compile(r"^remote: (?:error|fatal|ERROR|GL-HOOK-ERR): (.+?)\s*$", re.M)
REJECTED_RE = re.compile(r"^ ! \[(?:rejected|remote rejected)\]\s+(.+)$", re.M)
ONELINE_RE = re.compile(r"^(?:[*|\\/ ]+)?([0-9a-f]{7,40}) (?:\([^)]*\) )?(.+)$")
FULL_COMMIT_RE = re.compile(r"^commit ([0-9a-f]{40})", re.M)
STATUS_RE = re.compile(r"^\t(modified|new file|deleted|renamed|both modified|both added):\s+(.+)$", re.M)
# `error: Your local changes to the following files would be overwritten by checkout:` and the tab-indented files.
BLOCKED_RE = re.compile(r"^error: (?:Your local changes to the following files|The following untracked working tree files) would be (overwritten|removed) by (\w+):\n((?:\t.+\n?)+)", re.M)
DETACHED_RE = re.compile(r"^You are in 'detached HEAD' state", re.M)
HEAD_AT_RE = re.compile(r"^HEAD is now at (\S+ .*)$", re.M)
BRANCH_RE = re.compile(r"^On branch (\S+)$|^(Your branch is .+)$", re.M)
DIVERGED_RE = re.compile(r"^Your branch and '([^']+)' have diverged,\nand have (\d+) and (\d+) different commits each", re.M)
UNTRACKED_RE = re.compile(r"^Untracked files:\n(?:  \(.*\)\n)*((?:\t.+\n?)+)", re.M)
# `git bisect` (run): the verdict, then the commit as `git show --stat` prints it (subject indented, then its diffstat).
BISECT_RE = re.compile(r"^([0-9a-f]{40}) is the first bad commit\n(?:commit [0-9a-f]{40}.*\n)?((?:(?!    ).*\n){0,6}?)\n    (.+)\n((?:\n|    .*\n)*)((?: \S.* \| .+\n?)*)", re.M)
BISECT_UNSURE_RE = re.compile(r"^(There are only 'skip'ped commits left to test\.|The first bad commit could be any of:)$", re.M)
# An interactive operation paused for the user: `rebase -x` after a failing command, `git am` on a patch that failed
STOPPED_RE = re.compile(r"^You can fix the problem, and then run\n\n[ \t]+git (rebase|cherry-pick|am|revert) --continue$", re.M)
EXEC_FAILED_RE = re.compile(r"^warning: execution failed: (.+)$", re.M)
NOTHING_RE = re.compile(r"^(nothing (?:added )?to commit.*|no changes added to commit.*|nothing to commit \(.*)$", re.M)


def _log(text: str, facts: Facts) -> None:
    n_lines = n_commits = 0
    first = last = None
    words: Counter = Counter()
    subjects: list[tuple[str, str]] = []  # the first few, to name the commits that are not like the rest
    for line in iter_lines(text):
        if not line.strip():
            continue
        n_lines += 1
        m = ONELINE_RE.match(line)
        if not m:
            continue
        n_commits += 1
        first = first or (m.group(1), m.group(2))
        last = (m.group(1), m.group(2))
        if m.group(2).split():
            words[m.group(2).split()[0].lower().rstrip(":")] += 1
        if len(subjects) < 200:
            subjects.append(last)
    if n_commits and n_commits >= 0.8 * n_lines:
        facts.highlights.append(
            clip(f"{plural(n_commits, 'commit')} listed; latest {first[0]} {first[1]}; oldest {last[0]} {last[1]}", 260)
        )
        word, n = words.most_common(1)[0] if words else ("", 0)
        if n >= 3 and n >= n_commits / 4:
            facts.highlights.append(f"{n} of {n_commits} commit subjects start with '{word}'")
        others = [(sha, subject) for sha, subject in subjects if not subject.lower().startswith(word)]
        if others:
            facts.highlights.append(clip("others: " + "; ".join(f"{sha} {subject}" for sha, subject in others[:4]), 300))
        return
    full = FULL_COMMIT_RE.findall(text)
    if full:
        facts.highlights.append(f"{plural(len(full), 'commit')} listed; latest {full[0][:10]}, oldest {full[-1][:10]}")


STATUS_SECTIONS = {"Changes to be committed:": "staged", "Changes not staged for commit:": "not staged", "Unmerged paths:": "unmerged"}


def _status_sections(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """`git status` in its long form: which changes are staged, which are not, which are unmerged."""
    out, title = [], None
    for line in iter_lines(text):
        if line in STATUS_SECTIONS:
            title = STATUS_SECTIONS[line]
            out.append((title, []))
        elif title and line.startswith("\t"):
            m = STATUS_RE.match(line) or re.match(r"^\t(deleted by \w+|added by \w+|both deleted):\s+(.+)$", line)
            if m:
                out[-1][1].append((m.group(1), m.group(2).strip()))
        elif title and line and not line.startswith(" "):
            title = None
    return [(t, entries) for t, entries in out if entries]


SHORT_STATUS_RE = re.compile(r"^([ MTADRCU?!])([ MTADRCU?!]) (\S.*)$")
UNMERGED_CODES = {"DD", "AU", "UD", "UA", "DU", "AA", "UU"}


def _short_status(text: str, facts: Facts) -> bool:
    """`git status --short` / `--porcelain` (v1): two status letters a path, `## branch` first with -b."""
    groups: dict[str, list[str]] = {"staged": [], "not staged": [], "unmerged": [], "untracked": []}
    branch = None
    for line in iter_lines(text):
        if not line.strip():
            continue
        if line.startswith("## ") and branch is None:
            branch = line[3:].strip()
            continue
        m = SHORT_STATUS_RE.match(line)
        if not m or m.group(1) + m.group(2) == "  ":
            return False
        x, y, path = m.groups()
        if x + y == "??":
            groups["untracked"].append(path)
        elif x + y in UNMERGED_CODES:
            groups["unmerged"].append(path)
        elif x + y != "!!":
            if x not in " ?!":
                groups["staged"].append(path)
            if y not in " ?!":
                groups["not staged"].append(path)
    if not any(groups.values()):
        return False
    if branch:
        facts.highlights.append(clip(f"on branch {branch}", 120))
    for title, paths in groups.items():
        if paths:
            more = f" (+{len(paths) - 6} more)" if len(paths) > 6 else ""
            facts.highlights.append(clip(f"{len(paths)} {title}: " + ", ".join(paths[:6]) + more, 240))
    return True


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    conflicts = CONFLICT_RE.findall(text)
    for kind, path, other in conflicts:
        facts.conflicts.append(f"merge conflict ({kind}) in {path}" if path else clip(f"{kind}: {other}", 160))
    if conflicts:
        files = [p or o for _, p, o in conflicts]
        merged = [f for f in AUTO_MERGED_RE.findall(text) if f not in files]
        facts.highlights.insert(0, f"{plural(len(conflicts), 'file')} with conflicts")
        if merged:
            facts.highlights.append(clip("auto-merged cleanly: " + ", ".join(merged), 200))
    for line in re.findall(r"^(Automatic merge failed.*|error: could not apply .+|Resolve all conflicts manually.*)$", text, re.M):
        facts.errors.append(clip(line, 160))
    for how, action, files in BLOCKED_RE.findall(text):
        names = [f.strip() for f in files.splitlines() if f.strip()]
        facts.errors.append(clip(f"{action} blocked: {plural(len(names), 'file')} with local changes would be {how}: " + ", ".join(names), 240))
    for kind, message in FATAL_RE.findall(text):
        if message.startswith("could not apply"):
            continue
        facts.errors.append(clip(f"{kind}: {message}", 200))
    for command in EXEC_FAILED_RE.findall(text):
        facts.errors.append(clip(f"execution failed: {command}", 200))
    for operation in STOPPED_RE.findall(text):
        facts.highlights.append(f"the {operation} stopped: fix the problem, then run git {operation} --continue")
    for message in REMOTE_ERROR_RE.findall(text):
        facts.errors.append(clip(f"remote: {message}", 200))
    for ref in REJECTED_RE.findall(text):
        facts.errors.append(clip(f"push rejected: {ref}", 160))
    changes = STATUS_RE.findall(text)
    branch = BRANCH_RE.search(text)
    if branch:
        facts.highlights.append(clip(f"on branch {branch.group(1)}" if branch.group(1) else branch.group(2), 120))
    sections = _status_sections(text)
    if sections:
        for title, entries in sections:
            counted = f"{len(entries)} " if len(entries) > 6 else ""  # a cut list's size; a short one is seen whole
            facts.highlights.append(clip(f"{counted}{title}: " + ", ".join(f"{kind} {path}" for kind, path in entries[:6])
                                         + (f" (+{len(entries) - 6} more)" if len(entries) > 6 else ""), 240))
    elif changes:
        kinds = Counter(kind for kind, _ in changes)
        facts.highlights.append(clip(", ".join(f"{n} {k}" for k, n in kinds.items()) + ": " + ", ".join(p for _, p in changes[:6]), 200))
    if DETACHED_RE.search(text):
        at = HEAD_AT_RE.search(text)
        facts.highlights.append(clip("detached HEAD" + (f" at {at.group(1)}" if at else ""), 160))
    for ref in re.findall(r"^Dropped (refs/stash@\{\d+\}|stash@\{\d+\})", text, re.M):
        facts.highlights.append(f"dropped {ref}")
    diverged = DIVERGED_RE.search(text)
    if diverged:
        facts.highlights.append(f"branch has diverged from {diverged[1]}: {diverged[2]} local and {diverged[3]} remote commits")
    untracked = UNTRACKED_RE.search(text)
    if untracked:
        names = [f.strip() for f in untracked[1].splitlines() if f.strip()]
        facts.highlights.append(clip(f"{len(names)} untracked: " + ", ".join(names[:6]), 200))
    for line in NOTHING_RE.findall(text):
        facts.highlights.append(clip(line, 160))
    bisect = BISECT_RE.search(text)
    if bisect:
        files = [" ".join(line.split()) for line in bisect.group(5).splitlines() if " | " in line]
        changed = f" (changed {', '.join(files[:4])})" if files else ""
        facts.highlights.insert(0, clip(f"first bad commit {bisect.group(1)[:10]}: {bisect.group(3).strip()}{changed}", 240))
    facts.highlights += [clip(line, 120) for line in BISECT_UNSURE_RE.findall(text)]
    if not conflicts and not changes and not bisect and not _short_status(text, facts):
        _log(text, facts)
    return facts

"""Answer sentences for repo_questions.py's commands, read off their output only.

    git_status_report(records) -> str     "Not clean: staged: README.md (modified); not staged: config.py (modified);
                                           untracked: TODO.txt."
    since_tag_report(records) -> str      "Since v1.2.0: 3 commits: …; 3 files changed, 13 insertions(+), 2 deletions(-)."
    make_targets_report(records) -> str   "Makefile targets: all: wordfreq (no recipe); test: ./wordfreq …; …"
    lines_report(records) -> str          "Lines per language (wc -l): Python 63 (3 files), C 35 (2 files: .c 27, .h 8)."
"""

from __future__ import annotations

import os
import re

from terminus_edge.subagent.records import CommandRecord
from terminus_edge.subagent.repo_questions import LANGUAGES

_XY = {"M": "modified", "A": "added", "D": "deleted", "R": "renamed", "C": "copied", "T": "type changed", "U": "unmerged"}


def git_status_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if r.command == "git status --short" and not r.refused), None)
    if record is None or record.exit_code != 0:
        return ""
    staged, unstaged, untracked = [], [], []
    for line in record.output.splitlines():
        if len(line) < 4 or line[2] != " ":
            continue
        x, y, path = line[0], line[1], line[3:].strip()
        if x == "?" and y == "?":
            untracked.append(path)
            continue
        if x in _XY:
            staged.append(f"{path} ({_XY[x]})")
        if y in _XY:
            unstaged.append(f"{path} ({_XY[y]})")
    if not (staged or unstaged or untracked):
        return ("Clean: `git status --short` lists no staged, unstaged or untracked change (ignored files are not "
                "listed).")
    parts = [f"{label}: {', '.join(items[:10])}" + (f" (+{len(items) - 10} more)" if len(items) > 10 else "")
             for label, items in (("staged, not yet committed", staged), ("changed but not staged", unstaged),
                                  ("untracked", untracked)) if items]
    return "Not clean: " + "; ".join(parts) + "."


_COMMIT = re.compile(r"^([0-9a-f]{7,40}) (.+)$", re.M)
_STAT_TOTAL = re.compile(r"^ *\d+ files? changed[^\n]*$", re.M)
_STAT_FILE = re.compile(r"^ (\S[^|\n]*?) +\| ", re.M)


def since_tag_report(records: list[CommandRecord]) -> str:
    tag = next((r.output.strip().splitlines()[-1].strip() for r in records if not r.refused and r.exit_code == 0
                and r.command == "git describe --tags --abbrev=0" and r.output.strip()), None)
    log = next((r for r in records if not r.refused and r.command.startswith("git log --oneline ")), None)
    if log is None or log.exit_code != 0:
        return ""
    since = re.search(r"git log --oneline '?([^\s'.]+(?:\.[^\s'.]+)*)\.\.([^\s']+)", log.command)
    name = since.group(1) if since else tag
    newer = since.group(2) if since else "HEAD"
    commits = _COMMIT.findall(log.output)
    lead = f"The newest tag reachable from HEAD is {tag}. " if tag else ""
    span = f"since {name}" if newer == "HEAD" else f"between {name} and {newer} (in {newer}, not in {name})"
    if not commits:
        return lead + f"No commits {span}."
    listed = "; ".join(f"{h} {subject.strip()[:100]}" for h, subject in commits[:12])
    more = f" (+{len(commits) - 12} more)" if len(commits) > 12 else ""
    files = _STAT_FILE.findall(log.output)
    total = _STAT_TOTAL.search(log.output)
    changed = (f" Files: {', '.join(f.strip() for f in files[:12])}" + (f"; {total.group(0).strip()}" if total else "")
               + ".") if files else ""
    return (f"{lead}{span[0].upper()}{span[1:]}: {len(commits)} commit{'s' * (len(commits) != 1)} (newest first): {listed}{more}."
            f"{changed}")


_RULE = re.compile(r"^([A-Za-z0-9_./%$()-]+(?: +[A-Za-z0-9_./%$()-]+)*) *::?(?!=)(.*)$")
_CAT_LINE = re.compile(r"^ *\d+\t(.*)$")


def make_targets_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.exit_code == 0
                   and re.fullmatch(r"cat -n (GNUmakefile|makefile|Makefile)", r.command)), None)
    if record is None:
        return ""
    lines = [m.group(1) for m in map(_CAT_LINE.match, record.output.splitlines()) if m]
    rules: list[tuple[str, str, list[str]]] = []
    phony: list[str] = []
    for i, line in enumerate(lines):
        match = _RULE.match(line) if not line.startswith(("\t", "#", " ")) else None
        if not match or "=" in match.group(1):
            continue
        prereqs = match.group(2).split("#")[0].strip()
        if match.group(1) == ".PHONY":
            phony += prereqs.split()
            continue
        if match.group(1).startswith("."):
            continue
        recipe = []
        for follow in lines[i + 1:]:
            if not follow.startswith("\t"):
                break
            recipe.append(follow.strip())
        for target in match.group(1).split():
            rules.append((target, prereqs, recipe))
    if not rules:
        return ""
    described = []
    for target, prereqs, recipe in rules[:20]:
        what = "; ".join(recipe[:2])[:120] if recipe else "no recipe"
        needs = f" (needs {prereqs})" if prereqs else ""
        described.append(f"{target}{needs}: {what}")
    kinds = " (pattern rules have %)" if any("%" in t for t, _, _ in rules) else ""
    head = f"{len(rules)} targets in the Makefile{kinds}"
    return head + ": " + "; ".join(described) + (f". Phony: {' '.join(phony)}." if phony else ".")


_WC_LINE = re.compile(r"^ *(\d+) (\S.*)$", re.M)


def lines_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.command.startswith("find . ")
                   and r.command.endswith("-exec wc -l {} +")), None)
    if record is None or record.exit_code != 0:
        return ""
    per: dict[str, dict[str, list[int]]] = {}
    for count, path in _WC_LINE.findall(record.output):
        if path == "total":
            continue
        ext = os.path.splitext(path)[1]
        language = LANGUAGES.get(ext)
        if language:
            per.setdefault(language, {}).setdefault(ext, []).append(int(count))
    if not per:
        return ""
    totals = sorted(((sum(sum(v) for v in exts.values()), lang, exts) for lang, exts in per.items()), reverse=True)
    parts = []
    for total, language, exts in totals:
        files = sum(len(v) for v in exts.values())
        split = (": " + ", ".join(f"{e} {sum(v)}" for e, v in sorted(exts.items()))) if len(exts) > 1 else ""
        parts.append(f"{language} {total} ({files} file{'s' * (files != 1)}{split})")
    skipped = re.findall(r"-path '?\./([^'\s]+)'?", record.command)
    note = f"; {', '.join(s + '/' for s in skipped)} not counted" if skipped else ""
    return f"Lines per language (wc -l: every line, blank lines and comments included{note}): " + ", ".join(parts) + "."

"""Diffs: `diff -u` / `git diff` / a formatter's `--diff` (unified hunks), plain `diff` (`3c3` with `<` / `>` lines),
`diff -q` / `diff -r` (`Files a and b differ`, `Only in dir: name`). Said as what differs and by how much, since
diff's exit status 1 means "the inputs differ", not that something broke."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, iter_lines, plural
from terminus_edge.summarize.facts.types import Facts

NAME = "diff"
# The program `diff` / `colordiff` at a simple command's start (maybe with its directory), not a word in a path.
COMMAND_RE = re.compile(r"(?:^|[;&|(]\s*)(?:[\w.~-]*/)*(?:diff|colordiff)(?![\w./-])")
OUTPUT_RE = re.compile(
    r"^--- \S.*\n\+\+\+ \S.*\n@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@|^Files \S+ and \S+ differ$|^\d+(?:,\d+)?[acd]\d+(?:,\d+)?\n[<>] ", re.M)

NEW_FILE_RE = re.compile(r"^\+\+\+ (?:b/)?(\S+)")
PAIR_HEADER_RE = re.compile(r"^diff (?:-\S+ )*\S+ (\S+)$")  # `diff -r old/a.ini new/a.ini` before a plain-format change
HUNK_RE = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@")
NORMAL_CHANGE_RE = re.compile(r"^\d+(?:,\d+)?[acd]\d+(?:,\d+)?$")
DIFFER_RE = re.compile(r"^(?:Files|Binary files) (\S+) and (\S+) differ$")
ONLY_IN_RE = re.compile(r"^Only in (.+?): (.+)$")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    files: list[str] = []
    hunks = added = removed = 0
    differ: list[str] = []
    only: list[str] = []
    in_hunk = normal = False
    for line in iter_lines(text):
        new_file = NEW_FILE_RE.match(line)
        if new_file and not in_hunk or new_file and line.startswith("+++ b/"):
            files.append(new_file.group(1))
            in_hunk = False
        elif HUNK_RE.match(line) or NORMAL_CHANGE_RE.match(line):
            hunks += 1
            in_hunk, normal = True, not line.startswith("@@")
        elif in_hunk and normal and line == "---":
            continue  # plain diff's line between the old (`<`) and the new (`>`) side of a change
        elif in_hunk and line.startswith(("+", ">")):
            added += 1
        elif in_hunk and line.startswith(("-", "<")) and not line.startswith("--- "):
            removed += 1
        elif line.startswith(("diff ", "--- ", "Index: ")):
            pair = PAIR_HEADER_RE.match(line)
            if pair and not line.startswith("diff --git"):
                files.append(pair.group(1))
            in_hunk = False
        elif DIFFER_RE.match(line):
            differ.append(DIFFER_RE.match(line).group(2))
        elif ONLY_IN_RE.match(line):
            where, name = ONLY_IN_RE.match(line).groups()
            only.append(f"{where.rstrip('/')}/{name}")
    files = list(dict.fromkeys(files))  # `diff -ru` names each file in its header and again in `+++`
    if hunks:
        named = f" in {', '.join(files[:5])}" + (f" (+{len(files) - 5} more)" if len(files) > 5 else "") if files else ""
        facts.highlights.append(clip(f"the inputs differ{named}: {plural(hunks, 'hunk')}, {plural(added, 'line')} added, {removed} removed", 240))
    if differ:
        verb = "differs" if len(differ) == 1 else "differ"
        facts.highlights.append(clip(f"{plural(len(differ), 'file')} {verb}: " + ", ".join(differ[:6]), 200))
    if only:
        facts.highlights.append(clip(f"{plural(len(only), 'file')} only on one side: " + ", ".join(only[:6]), 200))
    return facts

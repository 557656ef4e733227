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
# A unified hunk's header says how many old and new lines follow (a missing count is 1): those lines are the hunk,
# whatever they start with — `---` inside one is the removed line `--`, not the next file's header.
HUNK_RE = re.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")
NORMAL_CHANGE_RE = re.compile(r"^\d+(?:,\d+)?[acd]\d+(?:,\d+)?$")
DIFFER_RE = re.compile(r"^(?:Files|Binary files) (\S+) and (\S+) differ$")
ONLY_IN_RE = re.compile(r"^Only in (.+?): (.+)$")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    files: list[str] = []
    hunks = added = removed = 0
    differ: list[str] = []
    only: list[str] = []
    old_left = new_left = 0  # lines still to come in the current unified hunk
    normal = False  # inside a plain-format (`3c3`, `<` / `>`) change
    for line in iter_lines(text):
        if old_left > 0 or new_left > 0:
            if line.startswith("-"):
                removed, old_left = removed + 1, old_left - 1
            elif line.startswith("+"):
                added, new_left = added + 1, new_left - 1
            elif not line.startswith("\\"):  # `\ No newline at end of file` belongs to neither side
                old_left, new_left = old_left - 1, new_left - 1  # context (an empty line is a context line whose space was trimmed)
            continue
        hunk = HUNK_RE.match(line)
        new_file = NEW_FILE_RE.match(line)
        if hunk:
            hunks += 1
            old_left, new_left = int(hunk.group(1) or 1), int(hunk.group(2) or 1)
            normal = False
        elif NORMAL_CHANGE_RE.match(line):
            hunks += 1
            normal = True
        elif normal and line == "---":
            continue  # plain diff's line between the old (`<`) and the new (`>`) side of a change
        elif normal and line.startswith(">"):
            added += 1
        elif normal and line.startswith("<"):
            removed += 1
        elif new_file:
            files.append(new_file.group(1))
            normal = False
        elif line.startswith(("diff ", "--- ", "Index: ")):
            pair = PAIR_HEADER_RE.match(line)
            if pair and not line.startswith("diff --git"):
                files.append(pair.group(1))
            normal = False
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

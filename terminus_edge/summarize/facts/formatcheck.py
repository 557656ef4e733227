"""Formatter checks (black / ruff format / prettier / isort / rustfmt / gofmt): which files would change, and why not."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "format-check"
COMMAND_RE = re.compile(
    r"(^|[\s/;&|])(black|ruff format|prettier|isort|cargo fmt|rustfmt|gofmt|dprint|biome format|clang-format)\b"
)
OUTPUT_RE = re.compile(
    r"^\d+ files? would be reformatted|^would reformat |^Would reformat: |^\[warn\] Code style issues |"
    r"^All matched files use Prettier|^ERROR: \S+ Imports are incorrectly sorted|^Diff in \S+",
    re.M,
)

# Each tool's line for one file that would change, and how the tool puts it.
REFORMAT, STYLE, IMPORTS = "would reformat", "code style issues in", "imports incorrectly sorted in"
FILE_RES = (
    (re.compile(r"^would reformat (\S.*)$", re.M), REFORMAT),  # black
    (re.compile(r"^Would reformat: (\S.*)$", re.M), REFORMAT),  # ruff format (older)
    (re.compile(r"^unformatted: File would be reformatted\n\s*--> (\S+?)(?::\d+:\d+)?$", re.M), REFORMAT),  # ruff format
    (re.compile(r"^Diff in (\S+?)(?: at line \d+)?:(?:\d+:)?\s*$", re.M), REFORMAT),  # rustfmt / cargo fmt
    # prettier; on a terminal it first prints the file name and erases it, so the tag may follow it on the line
    (re.compile(r"\[warn\] (?!Code style issues)(\S+)$", re.M), STYLE),
    (re.compile(r"^ERROR: (\S+) Imports are incorrectly sorted", re.M), IMPORTS),  # isort
)
TOTAL_RES = (
    re.compile(r"^(\d+ files? would be reformatted(?:, \d+ files? (?:would be left unchanged|already formatted))?(?:, \d+ files? would fail to reformat)?)", re.M),
    re.compile(r"^\[warn\] (Code style issues found in (?:\d+ files|the above file))", re.M),
    re.compile(r"^(\d+ files? would be left unchanged)\.$", re.M),
    re.compile(r"^(All matched files use Prettier code style!)$", re.M),
)
# Files the formatter could not parse: black `error: cannot format F: msg` / `error: cannot parse: F:1:6`,
# prettier `[error] F: SyntaxError: msg (2:8)`, ruff `invalid-syntax: msg` + `--> F:1:7`.
PARSE_ERROR_RES = (
    re.compile(r"^error: cannot (?:format|parse):? (?P<file>[^\s:]+)(?::(?P<line>\d+):(?P<col>\d+))?(?:: (?P<msg>.+))?$", re.M),
    re.compile(r"^\[error\] (?P<file>[^\s:]+): (?P<msg>\w*Error: .+?)(?: \((?P<line>\d+):(?P<col>\d+)\))?$", re.M),
    re.compile(r"^(?P<msg>invalid-syntax: .+)\n\s*--> (?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+)$", re.M),
)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    by_label: dict[str, list[str]] = {}
    for pattern, label in FILE_RES:
        files = by_label.setdefault(label, [])
        files += [f.strip() for f in pattern.findall(text) if f.strip() not in files]
    for label, files in by_label.items():
        if files:
            shown = ", ".join(files[:8]) + (f" (+{len(files) - 8} more)" if len(files) > 8 else "")
            facts.errors.append(f"{label} {len(files)} file{'s' if len(files) != 1 else ''}: {shown}")
    for pattern in TOTAL_RES:
        facts.highlights += [clip(total, 160) for total in pattern.findall(text)]
    for pattern in PARSE_ERROR_RES:
        for m in pattern.finditer(text):
            line, col = m["line"], m["col"]
            message = m["msg"] or next(
                (follow.strip() for follow in text[m.end():].splitlines()[1:6] if re.match(r"^\w*Error: ", follow.strip())),
                "cannot parse",
            )
            facts.diagnostics.append(Diagnostic("error", clip(message, 200), m["file"], int(line) if line else None, int(col) if col else None))
    if facts.diagnostics:
        facts.counts["errors"] = len(facts.diagnostics)
    return facts

"""RuboCop (and standardrb, which prints its layout): `path:line:col: W: [Correctable] Lint/Name: message` offenses (the
default and `--format emacs` layouts), or under a `== path ==` heading `W: 21:  1: Lint/Name: message` (`--format
simple`); one letter a severity (F fatal, E error, W warning, C convention, R refactor, I info), then the tally
`3 files inspected, 12 offenses detected, 8 offenses autocorrectable`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import by_level, clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "rubocop"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(rubocop|standardrb)\b")
OUTPUT_RE = re.compile(r"^\d+ files? inspected, (?:no|\d+) offenses? detected", re.M)

COP = r"(?:\[(?:Correctable|Corrected|Todo)\] )?(?P<cop>[A-Z]\w*(?:/[A-Z]\w*)+): (?P<msg>.+)$"
OFFENSE_RE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>[FEWCRI]): " + COP, re.M)
SIMPLE_HEADING_RE = re.compile(r"^== (?P<file>\S.*) ==$")
SIMPLE_RE = re.compile(r"^(?P<sev>[FEWCRI]):\s*(?P<line>\d+):\s*(?P<col>\d+): " + COP)
TALLY_RE = re.compile(r"^(\d+ files? inspected, (?:no|\d+) offenses? detected(?:, \d+ offenses? (?:auto)?correct\w*)?)", re.M)
SEVERITY = {"F": "error", "E": "error", "W": "warning", "C": "convention", "R": "refactor", "I": "info"}
ORDER = ("error", "warning", "convention", "refactor", "info")


def _simple(text: str) -> list[Diagnostic]:
    found, file = [], None
    for line in text.splitlines():
        heading = SIMPLE_HEADING_RE.match(line)
        m = SIMPLE_RE.match(line) if file and not heading else None
        file = heading["file"] if heading else file
        if m:
            found.append(Diagnostic(SEVERITY[m["sev"]], clip(m["msg"], 200), file, int(m["line"]), int(m["col"]), m["cop"]))
    return found


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in OFFENSE_RE.finditer(text):
        facts.diagnostics.append(Diagnostic(SEVERITY[m["sev"]], clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]), m["cop"]))
    if not facts.diagnostics:
        facts.diagnostics = _simple(text)
    tally = TALLY_RE.search(text)
    if tally:
        facts.highlights.append(tally.group(1))
    per_level: dict[str, int] = {}
    for d in facts.diagnostics:
        per_level[d.severity] = per_level.get(d.severity, 0) + 1
    if set(per_level) - {"error", "warning"}:  # conventions and refactors are no warnings: said apart, with the sum
        facts.highlights.append(by_level("rubocop offenses by severity", per_level, ORDER, "offenses"))
    facts.counts = {k: v for k, v in (("errors", per_level.get("error", 0)), ("warnings", per_level.get("warning", 0))) if v}
    return facts

"""RuboCop (and standardrb, which prints its layout): `path:line:col: W: [Correctable] Lint/Name: message` offenses,
one letter a severity (F fatal, E error, W warning, C convention, R refactor, I info), then the tally
`3 files inspected, 12 offenses detected, 8 offenses autocorrectable`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "rubocop"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(rubocop|standardrb)\b")
OUTPUT_RE = re.compile(r"^\d+ files? inspected, (?:no|\d+) offenses? detected", re.M)

OFFENSE_RE = re.compile(
    r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>[FEWCRI]): (?:\[(?:Correctable|Corrected|Todo)\] )?"
    r"(?P<cop>[A-Z]\w*(?:/[A-Z]\w*)+): (?P<msg>.+)$", re.M)
TALLY_RE = re.compile(r"^(\d+ files? inspected, (?:no|\d+) offenses? detected(?:, \d+ offenses? (?:auto)?correct\w*)?)", re.M)
SEVERITY = {"F": "error", "E": "error", "W": "warning", "C": "convention", "R": "refactor", "I": "info"}


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in OFFENSE_RE.finditer(text):
        facts.diagnostics.append(Diagnostic(SEVERITY[m["sev"]], clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]), m["cop"]))
    tally = TALLY_RE.search(text)
    if tally:
        facts.highlights.append(tally.group(1))
    errors = sum(d.severity == "error" for d in facts.diagnostics)
    warnings = sum(d.severity == "warning" for d in facts.diagnostics)
    facts.counts = {k: v for k, v in (("errors", errors), ("warnings", warnings)) if v}
    return facts

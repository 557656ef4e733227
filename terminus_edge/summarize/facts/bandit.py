"""Security scanners printing bandit's report: `>> Issue: [B602:name] message`, then `Severity: High  Confidence: High`
and `Location: path:line:col`; the run's totals by severity close the report. Bandit's levels (low / medium / high)
are kept as they are: they rate risk, not whether the scan failed."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "bandit"
COMMAND_RE = re.compile(r"(^|[\s/;&|])bandit\b")
OUTPUT_RE = re.compile(r"^>> Issue: \[[A-Z]+\d+(?::[\w-]+)?\] |^[ \t]*Total issues \(by severity\):$", re.M)

ISSUE_RE = re.compile(r"^>> Issue: \[(?P<code>[A-Z]+\d+)(?::[\w-]+)?\] (?P<msg>.+)$", re.M)
SEVERITY_RE = re.compile(r"^[ \t]+Severity: (\w+)\s+Confidence: (\w+)", re.M)
LOCATION_RE = re.compile(r"^[ \t]+Location: (\S+)[ \t]*$", re.M)
TOTALS_HEAD = "\tTotal issues (by severity):\n"
TALLY_RE = re.compile(r"\t\t(\w+): (\d+)")
NO_ISSUES_RE = re.compile(r"^[ \t]*No issues identified\.$", re.M)
RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}
BLOCK_LINES = 8  # how far below its `>> Issue:` line a finding's severity and location may be


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    issues = list(ISSUE_RE.finditer(text))
    for i, m in enumerate(issues):
        end = issues[i + 1].start() if i + 1 < len(issues) else len(text)
        block = "\n".join(text[m.end():end].splitlines()[:BLOCK_LINES])
        severity, location = SEVERITY_RE.search(block), LOCATION_RE.search(block)
        file, line, col = _place(location.group(1)) if location else (None, None, None)
        level = severity.group(1).lower() if severity else "warning"
        facts.diagnostics.append(Diagnostic(level, clip(m["msg"], 200), file, line, col, m["code"]))
    # the riskiest first: a short summary must not spend its room on low-severity import notes
    facts.diagnostics.sort(key=lambda d: RANK.get(d.severity, len(RANK)))
    head = text.find(TOTALS_HEAD)
    if head >= 0:
        by_level = []
        for line in text[head + len(TOTALS_HEAD):].splitlines()[:8]:
            tally = TALLY_RE.fullmatch(line)
            if not tally:
                break
            by_level.append((tally.group(1), int(tally.group(2))))
        found = [(name.lower(), n) for name, n in by_level if n]
        total = sum(n for _, n in found)
        if found:
            ranked = ", ".join(f"{n} {name}" for name, n in reversed(found))
            facts.highlights.append(f"{total} {'issue' if total == 1 else 'issues'} by severity: {ranked}")
    if NO_ISSUES_RE.search(text):
        facts.highlights.append("No issues identified")
    return facts


def _place(place: str) -> tuple[str | None, int | None, int | None]:
    """`shipping/rates.py:26:4` -> ('shipping/rates.py', 26, 4); `a.py:3` -> ('a.py', 3, None)."""
    parts = place.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return parts[0], int(parts[1]), int(parts[2])
    parts = place.rsplit(":", 1)
    if len(parts) == 2 and parts[1].isdigit():
        return parts[0], int(parts[1]), None
    return place, None, None

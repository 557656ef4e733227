"""ruff / flake8 / pylint / pycodestyle: rule-coded findings, totals and fixable counts."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.types import Facts

NAME = "ruff"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(ruff|flake8|pylint|pycodestyle|pyflakes|pydocstyle|bandit)\b")
OUTPUT_RE = re.compile(r"^Found \d+ errors?\.|^All checks passed!|^\S+:\d+:\d+: [A-Z]{1,4}\d{2,4} |^\[\*\] \d+ fixable|Your code has been rated", re.M)

FOUND_RE = re.compile(r"^Found (\d+) errors?(?: \((\d+) fixed, (\d+) remaining\))?\.", re.M)
FIXABLE_RE = re.compile(r"^\[\*\] (\d+) fixable with the (?:`)?(--[\w-]+)", re.M)
PYLINT_RE = re.compile(r"^(?P<file>\S+\.py):(?P<line>\d+):(?P<col>\d+): (?P<code>[CRWEF]\d{4}): (?P<msg>.*?)(?: \((?P<sym>[\w-]+)\))?$", re.M)
RATED_RE = re.compile(r"Your code has been rated at (-?[\d.]+/10)")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    diags = diagnostics.code_style(text)
    for m in PYLINT_RE.finditer(text):
        severity = "warning" if m["code"][0] in "CRW" else "error"
        diags.append(diagnostics.Diagnostic(severity, m["msg"], m["file"], int(m["line"]), int(m["col"]), m["code"]))
    facts.diagnostics = diags
    found = FOUND_RE.search(text)
    if found:
        facts.counts["errors"] = int(found.group(3) or found.group(1))
    elif diags:
        facts.counts = diagnostics.count(diags)
    fixable = FIXABLE_RE.search(text)
    if fixable:
        facts.highlights.append(f"{fixable.group(1)} fixable with {fixable.group(2)}")
    if re.search(r"^All checks passed!", text, re.M):
        facts.highlights.append("All checks passed!")
        facts.counts = {"errors": 0}
    rated = RATED_RE.search(text)
    if rated:
        facts.highlights.append(f"pylint score {rated.group(1)}")
    return facts

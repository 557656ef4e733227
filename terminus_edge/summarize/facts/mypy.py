"""mypy / pyright: `file:line: error: message  [code]` and the Found/Success totals."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.types import Facts

NAME = "mypy"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(mypy|dmypy|pyright|basedpyright)\b")
OUTPUT_RE = re.compile(r"^Found \d+ errors? in \d+ files? \(checked|^Success: no issues found|^\S+\.pyi?:\d+: error: .*  \[[\w-]+\]$", re.M)

FOUND_RE = re.compile(r"^Found (\d+) errors? in (\d+) files? \(checked (\d+) source files?\)", re.M)
SUCCESS_RE = re.compile(r"^Success: no issues found in (\d+) source files?", re.M)
PYRIGHT_RE = re.compile(r"^\s*(?P<file>\S+\.pyi?):(?P<line>\d+):(?P<col>\d+) - (?P<sev>error|warning): (?P<msg>.*?)(?: \((?P<code>\w+)\))?$", re.M)
PYRIGHT_TOTAL_RE = re.compile(r"^(\d+) errors?, (\d+) warnings?, (\d+) (?:informations?|notes?)", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    facts.diagnostics = diagnostics.gnu(text)
    for m in PYRIGHT_RE.finditer(text):
        facts.diagnostics.append(diagnostics.Diagnostic(m["sev"], m["msg"], m["file"], int(m["line"]), int(m["col"]), m["code"]))
    facts.counts = diagnostics.count(facts.diagnostics)
    found = FOUND_RE.search(text)
    if found:
        facts.counts["errors"] = int(found.group(1))
        facts.highlights.append(found.group(0))
    total = PYRIGHT_TOTAL_RE.search(text)
    if total:
        facts.counts["errors"], facts.counts["warnings"] = int(total.group(1)), int(total.group(2))
    success = SUCCESS_RE.search(text)
    if success:
        facts.highlights.append(success.group(0))
        facts.counts = {"errors": 0}
    return facts

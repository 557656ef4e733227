"""Checkstyle's plain report: `[ERROR] /x/Vault.java:4:28: '10' is a magic number. [MagicNumber]` (`[WARN]` for a
warning, the column optional), between `Starting audit...` and `Audit done.`, then `Checkstyle ends with 20 errors.`"""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "checkstyle"
COMMAND_RE = re.compile(r"(^|[\s/;&|])checkstyle\b")
OUTPUT_RE = re.compile(r"^\[(?:ERROR|WARN)\] \S+?:\d+(?::\d+)?: .+ \[\w+\]$|^Checkstyle ends with \d+ errors?\.$", re.M)

ROW_RE = re.compile(r"^\[(?P<sev>ERROR|WARN|INFO)\] (?P<file>\S+?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+?) \[(?P<rule>\w+)\]$", re.M)
ENDS_RE = re.compile(r"^Checkstyle ends with (\d+) errors?\.$", re.M)
SEVERITY = {"ERROR": "error", "WARN": "warning", "INFO": "info"}


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in ROW_RE.finditer(text):
        facts.diagnostics.append(Diagnostic(SEVERITY[m["sev"]], clip(m["msg"], 200), m["file"], int(m["line"]),
                                            int(m["col"]) if m["col"] else None, m["rule"]))
    ends = ENDS_RE.search(text)
    counts = {"errors": sum(d.severity == "error" for d in facts.diagnostics),
              "warnings": sum(d.severity == "warning" for d in facts.diagnostics)}
    if ends:
        counts["errors"] = int(ends.group(1))  # the tool's own tally
    facts.counts = {k: v for k, v in counts.items() if v or (k == "errors" and ends)}
    return facts

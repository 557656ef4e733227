"""psql running a script (`-f`, or `< file`): `psql:report.sql:4: ERROR:  column "emial" does not exist` with its
`DETAIL:` / `HINT:` lines, a bare `ERROR:  …` for a `-c` command, and each query's `(N rows)`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "psql"
COMMAND_RE = re.compile(r"(^|[\s/;&|])psql\b")
OUTPUT_RE = re.compile(r"^psql:[^\s:]+:\d+: (?:ERROR|FATAL|WARNING):  ", re.M)

MESSAGE_RE = re.compile(r"^(?:psql:(?P<file>[^\s:]+):(?P<line>\d+): )?(?P<sev>ERROR|FATAL|WARNING):  (?P<msg>.+)$", re.M)
DETAIL_RE = re.compile(r"^(DETAIL|HINT):  (.+)$")
ROWS_RE = re.compile(r"^\((\d+) rows?\)$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = MESSAGE_RE.match(line)
        if not m:
            continue
        message = m["msg"]
        for follow in lines[i + 1 : i + 6]:
            detail = DETAIL_RE.match(follow)
            if detail:
                message += f" ({detail.group(1).lower()}: {detail.group(2)})"
            elif MESSAGE_RE.match(follow):
                break
        severity = "warning" if m["sev"] == "WARNING" else "error"
        facts.diagnostics.append(Diagnostic(severity, clip(message, 220), m["file"], int(m["line"]) if m["line"] else None))
    errors = sum(d.severity == "error" for d in facts.diagnostics)
    warnings = sum(d.severity == "warning" for d in facts.diagnostics)
    facts.counts = {k: v for k, v in (("errors", errors), ("warnings", warnings)) if v}
    rows = ROWS_RE.findall(text)
    if rows:
        facts.highlights.append("query results: " + ", ".join(plural(int(n), "row") for n in rows[:6]))
    return facts

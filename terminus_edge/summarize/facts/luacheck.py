"""luacheck: `Checking util.lua    5 warnings` per file, indented `util.lua:9:10: accessing undefined variable 'totl'`
rows (with `--codes`, `(W113)` or `(E011)` before the message), and `Total: 5 warnings / 0 errors in 2 files`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "luacheck"
COMMAND_RE = re.compile(r"(^|[\s/;&|])luacheck\b")
OUTPUT_RE = re.compile(r"^Total: \d+ warnings? / \d+ errors? in \d+ files?", re.M)

ROW_RE = re.compile(r"^[ \t]+(?P<file>\S+\.lua):(?P<line>\d+):(?P<col>\d+)(?:-\d+)?: (?:\((?P<code>[EW]\d+)\) )?(?P<msg>.+)$", re.M)
TOTAL_RE = re.compile(r"^Total: (\d+) warnings? / (\d+) errors? in (\d+) files?", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in ROW_RE.finditer(text):
        severity = "error" if (m["code"] or "").startswith("E") else "warning"
        facts.diagnostics.append(Diagnostic(severity, clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]), m["code"]))
    total = TOTAL_RE.search(text)
    if total:
        facts.counts = {"errors": int(total.group(2)), "warnings": int(total.group(1))}
    return facts

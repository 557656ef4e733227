"""flawfinder: `net.c:4:  [5] (buffer) gets:` then the indented advice (CWE ids), and its `ANALYSIS SUMMARY` with
`Hits = 6` and `Hits@level = [0]   0 [1]   0 …`. A hit's level is its risk, 5 the worst; flawfinder exits 0 either way."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "flawfinder"
COMMAND_RE = re.compile(r"(^|[\s/;&|])flawfinder\b")
OUTPUT_RE = re.compile(r"^Flawfinder version \d|^\S+:\d+:  \[\d\] \(\w+\) \w+:$", re.M)

HIT_RE = re.compile(r"^(?P<file>\S+):(?P<line>\d+):  \[(?P<level>\d)\] \((?P<category>\w+)\) (?P<name>\w+):\n(?P<advice>(?:  .+\n?){1,6})", re.M)
HITS_RE = re.compile(r"^Hits = (\d+)$", re.M)
RISK = {5: "high", 4: "high", 3: "medium", 2: "medium", 1: "low", 0: "low"}  # the words bandit's findings use too


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in HIT_RE.finditer(text):
        advice = " ".join(m["advice"].split())
        facts.diagnostics.append(Diagnostic(RISK[int(m["level"])], clip(f"level {m['level']} {m['category']}: {advice}", 200),
                                            m["file"], int(m["line"]), None, m["name"]))
    facts.diagnostics.sort(key=lambda d: ("high", "medium", "low").index(d.severity))  # riskiest first, as bandit's
    hits = HITS_RE.search(text)
    total = int(hits.group(1)) if hits else len(facts.diagnostics)
    if total or hits:
        levels = {}
        for m in HIT_RE.finditer(text):
            levels[m["level"]] = levels.get(m["level"], 0) + 1
        by_level = ", ".join(f"level {k}: {levels[k]}" for k in sorted(levels, reverse=True))
        facts.highlights.append(f"{plural(total, 'hit')}" + (f" ({by_level})" if by_level else ""))
    return facts

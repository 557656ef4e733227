"""lizard (cyclomatic complexity): function rows `NLOC CCN token PARAM length name@start-end@file`; the rows under its
`!!!! Warnings (cyclomatic_complexity > 10 …) !!!!` banner are the functions over a limit (`No thresholds exceeded (…)`
when none is), and the closing totals row holds `Warning cnt`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "lizard"
COMMAND_RE = re.compile(r"(^|[\s/;&|])lizard\b")
OUTPUT_RE = re.compile(r"^!!!! Warnings \(|^[ \t]*NLOC[ \t]+CCN[ \t]+token[ \t]+PARAM", re.M)

NOTHING_RE = re.compile(r"^No thresholds exceeded \(.+\)$", re.M)
BANNER_RE = re.compile(r"^!!!! Warnings \((?P<limits>.+)\) !!!!$", re.M)
ROW_RE = re.compile(
    r"^[ \t]*(?P<nloc>\d+)[ \t]+(?P<ccn>\d+)[ \t]+\d+[ \t]+(?P<params>\d+)[ \t]+\d+[ \t]+(?P<name>.+?)@(?P<start>\d+)-\d+@(?P<file>.+)$", re.M)
TOTALS_HEAD_RE = re.compile(r"^Total nloc[ \t].*Warning cnt.*\n-+\n(?P<row>.+)$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    banner = BANNER_RE.search(text)
    if banner:
        for m in ROW_RE.finditer(text, banner.end()):
            message = f"{m['name']} has cyclomatic complexity {m['ccn']} ({m['nloc']} NLOC, {m['params']} parameters)"
            facts.diagnostics.append(Diagnostic("warning", message, m["file"], int(m["start"]), None, "CCN"))
        facts.highlights.append(f"limits: {banner['limits']}")
    facts.highlights += NOTHING_RE.findall(text)
    totals = TOTALS_HEAD_RE.search(text)
    if totals:
        numbers = totals["row"].split()
        if len(numbers) >= 6 and numbers[5].isdigit():  # NLOC, Avg.NLOC, AvgCCN, Avg.token, Fun Cnt, Warning cnt
            facts.counts = {"warnings": int(numbers[5])}
            facts.highlights.append(f"{numbers[4]} functions, {numbers[0]} NLOC, average CCN {numbers[2]}")
    elif facts.diagnostics:
        facts.counts = {"warnings": len(facts.diagnostics)}
    return facts

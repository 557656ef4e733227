"""oxlint and biome (lint / check / format): miette-style reports with the place on a `╭─[file:l:c]` line."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "oxlint-biome"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(oxlint|biome (?:lint|check|ci|format))\b")
OUTPUT_RE = re.compile(r"^[ \t]+[,╭]─?-?\[[^\]\s]+:\d+:\d+\]$|^\S+:\d+:\d+ [\w/]+(?:\s+FIXABLE)?\s+━+$", re.M)

SEVERITY = {"x": "error", "×": "error", "✖": "error", "!": "warning", "⚠": "warning", "i": "info", "ℹ": "info"}
# oxlint: `  × eslint(no-unused-vars): Variable 'x' is declared ...` then `   ╭─[src/a.js:3:7]` (`,-[` without a terminal)
OX_HEAD_RE = re.compile(r"^[ \t]+(?P<sev>[x×!⚠]) (?:(?P<rule>[\w-]+\([\w/@-]+\)): )?(?P<msg>.+)$")
OX_AT_RE = re.compile(r"^[ \t]+[,╭][-─]\[(?P<file>[^\]\s]+?):(?P<line>\d+):(?P<col>\d+)\]$")
OX_TOTAL_RE = re.compile(r"^Found (\d+) warnings? and (\d+) errors?\.", re.M)
# biome: `src/a.js:3:7 lint/correctness/noUnusedVariables  FIXABLE  ━━━━` then `  ! This variable unused is unused.`
BIOME_HEAD_RE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+):(?P<col>\d+) (?P<rule>[\w/]+)(?:\s+FIXABLE)?\s+━+$")
BIOME_MSG_RE = re.compile(r"^[ \t]+(?P<sev>[×✖!⚠iℹ]) (?P<msg>.+)$")
BIOME_TOTAL_RE = re.compile(r"^Found (\d+) (errors?|warnings?|infos?)\.$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    lines = text.splitlines()
    for i, line in enumerate(lines):
        head = OX_HEAD_RE.match(line)
        if head:
            at = next((m for m in (OX_AT_RE.match(follow) for follow in lines[i + 1 : i + 3]) if m), None)
            if at:
                facts.diagnostics.append(Diagnostic(SEVERITY[head["sev"]], clip(head["msg"], 200), at["file"],
                                                    int(at["line"]), int(at["col"]), head["rule"]))
            continue
        biome = BIOME_HEAD_RE.match(line)
        if biome:
            message = next((m for m in (BIOME_MSG_RE.match(follow) for follow in lines[i + 1 : i + 4]) if m), None)
            if message:
                facts.diagnostics.append(Diagnostic(SEVERITY[message["sev"]], clip(message["msg"], 200), biome["file"],
                                                    int(biome["line"]), int(biome["col"]), biome["rule"]))
    counts: dict[str, int] = {}
    total = OX_TOTAL_RE.search(text)
    if total:
        counts = {"errors": int(total.group(2)), "warnings": int(total.group(1))}
    for number, word in BIOME_TOTAL_RE.findall(text):
        key = "errors" if word.startswith("error") else "warnings" if word.startswith("warning") else None
        if key:
            counts[key] = int(number)
    if not counts:
        counts = {k: v for k, v in (("errors", sum(d.severity == "error" for d in facts.diagnostics)),
                                    ("warnings", sum(d.severity == "warning" for d in facts.diagnostics))) if v}
    facts.counts = counts
    return facts

"""HLint: `Util.hs:9:12-42: Suggestion: Use catMaybes` (or `Warning:` / `Error:`) with `Found:` / `Perhaps:` code blocks
under each hint, then `5 hints` (or `No hints`)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import by_level, clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "hlint"
COMMAND_RE = re.compile(r"(^|[\s/;&|])hlint\b")
HINT_RE = re.compile(
    r"^(?P<file>\S+\.l?hs):(?P<line>\d+):(?P<col>\d+)(?:-\d+)?: (?P<sev>Suggestion|Warning|Error|Ignore): (?P<msg>.+)$", re.M)
TALLY_RE = re.compile(r"^(?:(\d+) hints?|No hints)$", re.M)
OUTPUT_RE = re.compile(HINT_RE.pattern.replace("?P<file>", "?:").replace("?P<line>", "?:").replace("?P<col>", "?:")
                       .replace("?P<sev>", "?:").replace("?P<msg>", "?:"), re.M)
ORDER = ("error", "warning", "suggestion", "ignore")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    per_level: dict[str, int] = {}
    for m in HINT_RE.finditer(text):
        level = m["sev"].lower()
        per_level[level] = per_level.get(level, 0) + 1
        facts.diagnostics.append(Diagnostic(level, clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"])))
    tally = TALLY_RE.findall(text)
    if tally:
        facts.highlights.append(f"{tally[-1]} hints" if tally[-1] else "No hints")
    if per_level:
        facts.highlights.append(by_level("hlint hints by level", per_level, ORDER, "hints"))
    facts.counts = {k: v for k, v in (("errors", per_level.get("error", 0)), ("warnings", per_level.get("warning", 0))) if v}
    return facts

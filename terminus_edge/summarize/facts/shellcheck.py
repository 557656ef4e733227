"""shellcheck: `In FILE line N:` blocks with `^-- SC2086 (info): message` under the source line, or `-f gcc` lines."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "shellcheck"
COMMAND_RE = re.compile(r"(^|[\s/;&|])shellcheck\b")
OUTPUT_RE = re.compile(r"^In \S+ line \d+:$|\^-+\^? SC\d{4} \(|: (?:error|warning|note|info|style): .+ \[SC\d{4}\]$", re.M)

BLOCK_RE = re.compile(r"^In (?P<file>\S+) line (?P<line>\d+):$")
CARET_RE = re.compile(r"^(?P<pad>[ \t]*)\^-*\^? (?P<code>SC\d{4}) \((?P<sev>error|warning|info|style)\): (?P<msg>.+)$")
GCC_RE = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note|info|style): (?P<msg>.+?) \[(?P<code>SC\d{4})\]$", re.M)
SEVERITY_ORDER = ("error", "warning", "info", "style")


def _diagnostic(sev: str, msg: str, file: str, line: int, col: int, code: str) -> Diagnostic:
    sev = "info" if sev == "note" else sev  # info/style findings keep their severity: the summary prints it
    return Diagnostic(sev, clip(msg, 200), file, line, col, code)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    file, line = None, None
    for row in text.splitlines():
        block = BLOCK_RE.match(row)
        if block:
            file, line = block["file"], int(block["line"])
            continue
        caret = CARET_RE.match(row)
        if caret and file:
            facts.diagnostics.append(_diagnostic(caret["sev"], caret["msg"], file, line, len(caret["pad"]) + 1, caret["code"]))
    for m in GCC_RE.finditer(text):
        facts.diagnostics.append(_diagnostic(m["sev"], m["msg"], m["file"], int(m["line"]), int(m["col"]), m["code"]))
    by_severity = {s: sum(d.severity == s for d in facts.diagnostics) for s in SEVERITY_ORDER}
    facts.counts = {k: v for k, v in (("errors", by_severity["error"]), ("warnings", by_severity["warning"])) if v}
    if facts.diagnostics:  # any finding, info and style included, makes shellcheck exit 1: they are the failure
        facts.errors.append(f"{plural(len(facts.diagnostics), 'shellcheck finding')}: " + ", ".join(f"{n} {s}" for s, n in by_severity.items() if n))
    return facts

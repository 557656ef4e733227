"""tsc: `file(line,col): error TS2322: message` (and the --pretty `file:line:col - error TS…` layout)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts import diagnostics
from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "tsc"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(tsc|vue-tsc|tsc-watch)\b|\btype-?check\b")
OUTPUT_RE = re.compile(r"error TS\d+:", re.M)

PRETTY_RE = re.compile(r"^(?P<file>\S+\.[cm]?[jt]sx?):(?P<line>\d+):(?P<col>\d+) - (?P<sev>error|warning) (?P<code>TS\d+): (?P<msg>.*)$", re.M)
# Project-level errors have no location: `error TS18003: No inputs were found in config file ...`
BARE_RE = re.compile(r"^(?P<sev>error|warning) (?P<code>TS\d+): (?P<msg>.+)$", re.M)
FOUND_RE = re.compile(r"^Found (\d+) errors?(?: in (\d+) files?)?", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    diags = [d for d in diagnostics.paren(text) if d.code and d.code.startswith("TS")]
    diags += [Diagnostic(m["sev"], m["msg"], m["file"], int(m["line"]), int(m["col"]), m["code"]) for m in PRETTY_RE.finditer(text)]
    diags += [d for d in diagnostics.gnu(text) if d.code is None and re.match(r"TS\d+", d.message or "")]
    diags += [Diagnostic(m["sev"], clip(m["msg"], 200), None, None, None, m["code"]) for m in BARE_RE.finditer(text)]
    facts.diagnostics = diags
    facts.counts = diagnostics.count(diags)
    found = FOUND_RE.search(text)
    if found:
        facts.counts["errors"] = int(found.group(1))
    return facts

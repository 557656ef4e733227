"""PHPMD's text report: `path:line<spaces>RuleName<spaces>message` rows (no level, no total: the rows read are
counted) and `path  -  message` rows for files it could not parse."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, plural
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "phpmd"
COMMAND_RE = re.compile(r"(^|[\s/;&|])phpmd\b")
ROW_RE = re.compile(r"^(?P<file>\S+\.(?:php|inc|phtml)):(?P<line>\d+)[ \t]+(?P<rule>[A-Z][A-Za-z]+)[ \t]+(?P<msg>\S.*)$", re.M)
PARSE_ERROR_RE = re.compile(r"^(?P<file>\S+\.(?:php|inc|phtml))[ \t]+-[ \t]+(?P<msg>.+)$", re.M)
OUTPUT_RE = re.compile(r"(?!)")  # its rows look like many tools' file:line rows: read under `phpmd` only


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in ROW_RE.finditer(text):
        facts.diagnostics.append(Diagnostic("finding", clip(m["msg"], 200), m["file"], int(m["line"]), None, m["rule"]))
    facts.errors = [clip(f"{m['file']}: {m['msg']}", 200) for m in PARSE_ERROR_RE.finditer(text)]
    if facts.diagnostics:
        facts.highlights.append(f"{plural(len(facts.diagnostics), 'violation')} reported")
    return facts

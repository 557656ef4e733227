"""pydocstyle: each violation takes two lines, `shipping/rates.py:17 in public function `label_id`:` (or
`shipping/__init__.py:1 at module level:`) and under it an indented `D103: Missing docstring in public function`.
The same D-codes through flake8 / ruff are errors, so they are here too; `--count` adds a bare total line."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.diagnostics import count
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "pydocstyle"
COMMAND_RE = re.compile(r"(^|[\s/;&|])pydocstyle\b")
# The header's definition part is bounded: `in public nested function `f`` or `at module level`.
OUTPUT_RE = re.compile(r"^\S+\.py:\d+ (?:in [a-z ]{1,40}`[^`\n]{1,200}`|at module level):\n[ \t]+D\d{3}: ", re.M)

VIOLATION_RE = re.compile(
    r"^(?P<file>[^\s:][^:\n]*):(?P<line>\d+) (?:in [a-z ]{1,40}`[^`\n]{1,200}`|at module level):\n"
    r"[ \t]+(?P<code>D\d{3}): (?P<msg>[^\n]+)$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for m in VIOLATION_RE.finditer(text):
        facts.diagnostics.append(Diagnostic("error", clip(m["msg"], 200), m["file"], int(m["line"]), None, m["code"]))
    facts.counts = count(facts.diagnostics)
    return facts

"""R's lintr (`lintr::lint()`, `lint_dir()`, `lint_package()`): `path:line:col: style: [object_name_linter] message` rows,
each with its source line and a caret under it, and no total: the rows read are counted, by level."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import by_level, clip, plural
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "lintr"
COMMAND_RE = re.compile(r"lintr::|(^|[\s/;&|])lint(?:_dir|_package)?\(")
LINT_RE = re.compile(r"^(?P<file>\S+\.(?:[Rr]|[Rr]md|qmd)):(?P<line>\d+):(?P<col>\d+): (?P<sev>style|warning|error): \[(?P<linter>\w+)\] (?P<msg>.+)$", re.M)
OUTPUT_RE = re.compile(r"^\S+\.(?:[Rr]|[Rr]md|qmd):\d+:\d+: (?:style|warning|error): \[\w+_linter\] ", re.M)
ORDER = ("error", "warning", "style")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    per_level: dict[str, int] = {}
    for m in LINT_RE.finditer(text):
        per_level[m["sev"]] = per_level.get(m["sev"], 0) + 1
        facts.diagnostics.append(Diagnostic(m["sev"], clip(m["msg"], 200), m["file"], int(m["line"]), int(m["col"]), m["linter"]))
    if facts.diagnostics:
        facts.highlights.append(f"{plural(len(facts.diagnostics), 'lint')} ({by_level('by level', per_level, ORDER)})")
    facts.counts = {k: v for k, v in (("errors", per_level.get("error", 0)), ("warnings", per_level.get("warning", 0))) if v}
    return facts

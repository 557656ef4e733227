"""sqlfluff lint: `== [orders.sql] FAIL` per file, then `L:   2 | P:  15 | AM05 | message [rule.name]` rows whose
message may wrap onto `                       | more` rows. A violation fails the file (exit 1), as flake8's codes do."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, iter_lines
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "sqlfluff"
COMMAND_RE = re.compile(r"(^|[\s/;&|])sqlfluff\b")
OUTPUT_RE = re.compile(r"^== \[[^\]\n]+\] (?:FAIL|PASS)$", re.M)

FILE_RE = re.compile(r"^== \[([^\]\n]+)\] (FAIL|PASS)$")
ROW_RE = re.compile(r"^L:\s*(\d+) \| P:\s*(\d+) \| (\w+) \| (.*)$")
MORE_RE = re.compile(r"^\s+\| (.*)$")
RULE_NAME_RE = re.compile(r"\s*\[[\w.]+\]$")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    current, last, failed_files = None, None, 0
    for line in iter_lines(text):
        header = FILE_RE.match(line)
        if header:
            current, last = header.group(1), None
            failed_files += header.group(2) == "FAIL"
            continue
        row = ROW_RE.match(line)
        if row:
            last = Diagnostic("error", row.group(4).strip(), current, int(row.group(1)), int(row.group(2)), row.group(3))
            facts.diagnostics.append(last)
            continue
        more = MORE_RE.match(line)
        if more and last is not None:
            last.message = f"{last.message} {more.group(1).strip()}"
        else:
            last = None
    for d in facts.diagnostics:
        d.message = clip(RULE_NAME_RE.sub("", d.message), 200)
    if facts.diagnostics:
        facts.counts = {"errors": len(facts.diagnostics)}
    if failed_files:
        facts.highlights.append(f"{failed_files} {'file' if failed_files == 1 else 'files'} failed")
    return facts

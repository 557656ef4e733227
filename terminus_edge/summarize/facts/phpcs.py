"""PHP_CodeSniffer's full report (phpcs; phpcbf prints a similar table): a `FILE: path` header, then table rows
` 12 | ERROR   | [x] message` whose message may wrap onto `    |         |     more` rows, and per file
`FOUND 14 ERRORS AND 1 WARNING AFFECTING 5 LINES`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, iter_lines
from terminus_edge.summarize.facts.types import Diagnostic, Facts

NAME = "phpcs"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(phpcs|phpcbf)\b")
OUTPUT_RE = re.compile(r"^FOUND \d+ ERRORS? (?:AND \d+ WARNINGS? )?AFFECTING \d+ LINES?$|^A TOTAL OF \d+ ERRORS? ", re.M)
# `--report=summary`: a table of files with their error and warning counts, then the total
SUMMARY_ROW_RE = re.compile(r"^(\S+)[ \t]+(\d+)[ \t]+(\d+)[ \t]*$", re.M)
TOTAL_RE = re.compile(r"^A TOTAL OF (\d+) ERRORS? AND (\d+) WARNINGS? WERE FOUND IN (\d+) FILES?", re.M)
FIX_TOTAL_RE = re.compile(r"^PHPCBF CAN FIX (\d+) OF THESE SNIFF VIOLATIONS AUTOMATICALLY$", re.M)

FILE_RE = re.compile(r"^FILE: (.+)$")
ROW_RE = re.compile(r"^\s*(\d+) \| (ERROR|WARNING)\s*\| (?:\[[x ]\] )?(.*)$")
MORE_RE = re.compile(r"^\s+\|\s+\|\s+(.*)$")
FIXABLE_RE = re.compile(r"^PHPCBF CAN FIX THE (\d+) MARKED SNIFF VIOLATIONS? AUTOMATICALLY$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    current_file, last = None, None
    for line in iter_lines(text):
        header = FILE_RE.match(line)
        if header:
            current_file, last = header.group(1).strip(), None
            continue
        row = ROW_RE.match(line)
        if row:
            last = Diagnostic(row.group(2).lower(), row.group(3).strip(), current_file, int(row.group(1)))
            facts.diagnostics.append(last)
            continue
        more = MORE_RE.match(line)
        if more and last is not None:
            last.message = clip(f"{last.message} {more.group(1).strip()}", 200)
        else:
            last = None
    errors = sum(d.severity == "error" for d in facts.diagnostics)
    warnings = sum(d.severity == "warning" for d in facts.diagnostics)
    facts.counts = {k: v for k, v in (("errors", errors), ("warnings", warnings)) if v}
    total = TOTAL_RE.search(text)
    if total and not facts.diagnostics:
        facts.counts = {k: int(v) for k, v in (("errors", total.group(1)), ("warnings", total.group(2))) if int(v)}
        rows = [(f, int(e), int(w)) for f, e, w in SUMMARY_ROW_RE.findall(text) if int(e) or int(w)]
        rows.sort(key=lambda r: (-r[1], -r[2]))
        if rows:
            facts.highlights.append(clip("by file: " + ", ".join(
                f"{f} {e} {'error' if e == 1 else 'errors'}" + (f" {w} {'warning' if w == 1 else 'warnings'}" if w else "")
                for f, e, w in rows), 300))
    fixable = sum(int(n) for n in FIXABLE_RE.findall(text)) + sum(int(n) for n in FIX_TOTAL_RE.findall(text))
    if fixable:
        facts.highlights.append(f"phpcbf can fix {fixable} of them automatically")
    return facts

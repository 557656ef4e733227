"""Python's profilers' tables (`python -m cProfile -s cumtime`, `pstats.print_stats()`): the total calls and time,
and the first rows in the table's own order, interpreter internals (`{built-in method …}`, `<frozen …>`) aside."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts

NAME = "python-profile"
COMMAND_RE = re.compile(r"(?:^|[\s;&|(])-m\s+c?[Pp]rofile\b")
OUTPUT_RE = re.compile(r"^[ \t]+\d+ function calls (?:\(\d+ primitive calls\) )?in [\d.]+ seconds$", re.M)

TOTAL_RE = re.compile(r"^[ \t]+(\d+) function calls (?:\((\d+) primitive calls\) )?in ([\d.]+) seconds$", re.M)
ORDER_RE = re.compile(r"^[ \t]+Ordered by: (.+)$", re.M)
HEADER_RE = re.compile(r"^[ \t]+ncalls[ \t]+tottime[ \t]+percall[ \t]+cumtime[ \t]+percall[ \t]+filename:lineno\(function\)$", re.M)
# `[ \t]`, not `\s`, before a line's content: `^\s+` runs across a storm of blank lines from every one of them
ROW_RE = re.compile(r"^\s*(?P<ncalls>[\d/]+)\s+(?P<tottime>[\d.]+)\s+[\d.]+\s+(?P<cumtime>[\d.]+)\s+[\d.]+\s+(?P<where>.+)$")
INTERNAL_RE = re.compile(r"^\{(?:built-in method|method '|function )|^<frozen |^<string>:1\(<module>\)$")
TOP_ROWS = 5


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    total = TOTAL_RE.search(text)
    if not total:
        return facts
    facts.highlights.append(f"profile: {total.group(1)} function calls in {total.group(3)} seconds")
    header = HEADER_RE.search(text, total.end())
    if not header:
        return facts
    order = ORDER_RE.search(text, total.end(), header.start())
    key = "cumtime" if order and "cumulative" in order.group(1) else "tottime"
    rows = []
    for line in text[header.end():].splitlines()[1:]:
        row = ROW_RE.match(line)
        if not row:
            if rows or line.strip():
                break
            continue
        if not INTERNAL_RE.search(row["where"].strip()):
            rows.append(f"{row['where'].strip()} {row[key]}s")
        if len(rows) == TOP_ROWS:
            break
    if rows:
        by = f"by {order.group(1).strip()}" if order else "as listed"
        facts.highlights.append(clip(f"top rows {by} ({key}): " + ", ".join(rows), 300))
    return facts

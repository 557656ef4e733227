"""pytest-benchmark's table: `--- benchmark: 2 tests ---`, a `Name (time in ns)  Min  Max  Mean …` header, one row
per benchmark (`test_total  5,036.9999 (28.00)  …`, the ratio to the fastest in brackets). The numbers are what the
run was for: each benchmark's mean, fastest first, as the table orders them."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.types import Facts

NAME = "pytest-benchmark"
COMMAND_RE = re.compile(r"(?!)")  # a pytest plugin: found by its table
OUTPUT_RE = re.compile(r"^-+ benchmark(?:[^:\n]*)?: \d+ tests? -+$", re.M)

TITLE_RE = re.compile(r"^-+ benchmark([^:\n]*)?: (\d+) tests? -+$", re.M)
HEADER_RE = re.compile(r"^Name \(time in (\w+)\)\s{2,}(.+)$", re.M)
COLUMNS_RE = re.compile(r"\s{2,}")
MAX_ROWS = 6


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    for title in TITLE_RE.finditer(text):
        header = HEADER_RE.search(text, title.end())
        if not header:
            continue
        columns = COLUMNS_RE.split(header.group(2).strip())
        if "Mean" not in columns:
            continue
        mean_at = columns.index("Mean") + 1  # after the name
        rows = []
        for line in text[header.end():].splitlines()[2:2 + MAX_ROWS]:
            cells = COLUMNS_RE.split(line.strip())
            if line.startswith("-") or len(cells) <= mean_at:
                break
            rows.append(f"{cells[0]} {cells[mean_at]}")
        if rows:
            group = f" ({title.group(1).strip()})" if title.group(1) and title.group(1).strip() else ""
            facts.highlights.append(f"benchmark{group}, mean time in {header.group(1)}: " + ", ".join(rows))
    return facts

"""Test coverage totals, whichever runner printed them: coverage.py / pytest-cov, istanbul (jest, vitest, nyc, c8), go;
and interrogate's docstring coverage."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.types import Facts

NAME = "coverage"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(coverage report|nyc|c8|interrogate)\b|--cov\b|--cov=|--coverage\b|-cover(?:profile)?\b")
OUTPUT_RE = re.compile(r"^TOTAL\s+\d+\s+\d+\s+(?:\d+\s+\d+\s+)?\d+(?:\.\d+)?%|^All files\s*\|\s*[\d.]+|\bcoverage: [\d.]+% of statements"
                       r"|^\| TOTAL\s+\|\s+\d+ \|", re.M)

# coverage.py: `TOTAL   10   4   60%` (with --cov-branch: `TOTAL  10  4  2  1  55%`)
PY_TOTAL_RE = re.compile(r"^TOTAL\s+(\d+)\s+(\d+)\s+(?:(\d+)\s+(\d+)\s+)?(\d+(?:\.\d+)?%)", re.M)
# istanbul text reporter: `All files |   71.42 |      100 |   66.66 |   66.66 |`
ISTANBUL_RE = re.compile(r"^All files\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*([\d.]+)", re.M)
# interrogate -v: `| TOTAL | 10 | 10 | 0 | 0.0% |` under `| Name | Total | Miss | Cover | Cover% |` (objects, docstrings)
DOCSTRING_TOTAL_RE = re.compile(r"^\| TOTAL\s+\|\s+(\d+) \|\s+(\d+) \|\s+(\d+) \|\s+([\d.]+%) \|$", re.M)
GO_RE = re.compile(r"^(?:ok\s+(\S+)\s+\S+\s+)?coverage: ([\d.]+%) of statements", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    py = PY_TOTAL_RE.search(text)
    if py:
        facts.highlights.append(f"coverage total {py.group(5)} ({py.group(1)} statements, {py.group(2)} missed)")
    docs = DOCSTRING_TOTAL_RE.search(text)
    if docs:
        facts.highlights.append(f"docstring coverage {docs.group(4)}: {docs.group(2)} of {docs.group(1)} objects missing docstrings")
    js = ISTANBUL_RE.search(text)
    if js:
        facts.highlights.append(
            f"coverage (all files): statements {js.group(1)}%, branches {js.group(2)}%, functions {js.group(3)}%, lines {js.group(4)}%"
        )
    go = GO_RE.findall(text)
    if go:
        facts.highlights.append("coverage: " + ", ".join(f"{pkg} {pct}" if pkg else pct for pkg, pct in go[:6]))
    return facts

"""pre-commit (and lefthook-like runners printing its layout): one `hook name......Passed|Failed|Skipped` row per hook,
under a failed one `- hook id: x`, `- exit code: 1` or `- files were modified by this hook`, then the hook's output."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "pre-commit"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(pre-commit|prek)\b")
OUTPUT_RE = re.compile(r"\.{10}(?:\([^)\n]*\))?(?:Passed|Failed|Skipped)$", re.M)

RESULTS = ("Passed", "Failed", "Skipped")
ROW_CHARS = 79  # pre-commit pads every row with dots to 79 columns at least (wider when a hook's name is long)
DETAIL_RE = re.compile(r"^- (hook id|exit code|duration): (.+)$|^- (files were modified by this hook)$")
OUTPUT_LINES = 6


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    results: dict[str, list[str]] = {"Passed": [], "Failed": [], "Skipped": []}
    rows = _rows(text)
    for i, (name, result, after, _) in enumerate(rows):
        results[result].append(name)
        if result != "Failed":
            continue
        end = rows[i + 1][3] if i + 1 < len(rows) else len(text)
        details, said = [], []
        for line in text[after:end].splitlines()[1:]:
            detail = DETAIL_RE.match(line)
            if detail:
                if detail.group(3):
                    details.append(detail.group(3))
                elif detail.group(1) == "exit code":
                    details.append(f"exit code {detail.group(2)}")
            elif re.search(r"\w", line) and len(said) < OUTPUT_LINES:  # not a caret line
                said.append(line.strip())
        reason = "; ".join(details + ([" / ".join(said[-2:])] if said else []))
        facts.failures.append(TestFailure(name, clip(reason, 200) or None))
    if rows:
        facts.highlights.append(", ".join(f"{len(names)} {result.lower()}" for result, names in results.items() if names) + " hooks")
        if results["Passed"]:
            facts.highlights.append("passed: " + clip(", ".join(results["Passed"]), 160))
    return facts


def _rows(text: str) -> list[tuple[str, str, int, int]]:
    """(hook name, result, end of the row, start of the row) for each `name.....(why)Result` row, read with string
    operations: a regex backtracking over a long run of dots is quadratic."""
    rows, start = [], 0
    for line in text.splitlines(keepends=True):
        row = line.rstrip("\r\n")
        result = next((r for r in RESULTS if row.endswith(r)), None)
        if result:
            rest = row[: -len(result)]
            if rest.endswith(")") and "(" in rest:
                rest = rest[: rest.rindex("(")]  # `(no files to check)`
            name = rest.rstrip(".")
            if len(rest) - len(name) >= 3 and 0 < len(name.strip()) and len(row) >= ROW_CHARS:
                rows.append((name.strip(), result, start + len(row), start))
        start += len(line)
    return rows

"""Totals of a CSV column per group: "which region has the highest total amount in data/sales.csv?", "average price
per category in products.csv". The group is a column the request names that holds few distinct values (a region, a
status), the value a column it names whose values are numbers. Answered by one Python one-liner over the file (csv
module, quoted fields read as written), groups printed highest total first.

    csv_totals_plan(query, cwd) -> [PlannedCommand]   [] when the request asks no such question
    csv_totals_report(records) -> str
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from terminus_edge.subagent.data_questions import MAX_ROWS_READ, column_values
from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_AGGREGATE = re.compile(r"\b(?:totals?|sums?|summed|add(?:s|ed)?\s+up|average|mean|avg)\b", re.I)
# prints "VALUE by GROUP, highest total first:", one "GROUP: total T, N rows, mean M" line per group, then "all: …"
TOTALS = (
    "import collections, csv, sys\npath, group, value = sys.argv[1:]\n"
    "rows = csv.DictReader(open(path, newline=\"\", encoding=\"utf-8-sig\"), dialect=\"excel-tab\" if path.lower().endswith(\".tsv\") else \"excel\")\n"
    "total, count, bad, places = collections.Counter(), collections.Counter(), 0, 0\n"
    "for r in rows:\n    text = (r.get(value) or \"\").strip().replace(\",\", \"\")\n"
    "    try: x = float(text)\n    except ValueError: bad += 1; continue\n"
    "    places = max(places, len(text.partition(\".\")[2])); key = (r.get(group) or \"\").strip() or \"(empty)\"\n"
    "    total[key] += x; count[key] += 1\n"
    "f = lambda x: f\"{x:.{places}f}\"\nprint(f\"{value} by {group}, highest total first:\")\n"
    "for key, t in total.most_common(): print(f\"{key}: total {f(t)}, {count[key]} rows, mean {t / count[key]:.2f}\")\n"
    "print(f\"all: total {f(sum(total.values()))}, {sum(count.values())} rows\" + (f\" ({bad} rows without a number in {value} left out)\" if bad else \"\"))\n")
_MARK = ", highest total first:"


def csv_totals_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _AGGREGATE.search(query):
        return []
    for text in named_paths(query, cwd):
        if not text.lower().endswith((".csv", ".tsv")) or not is_file(cwd / text):
            continue
        named = [c for c in column_values(cwd / text) if _names(query, c)]
        numeric = [c for c in named if _numeric(cwd / text, c)]
        groups = [c for c in named if c not in numeric and column_values(cwd / text)[c]]
        if len(numeric) == 1 and groups:
            return [planned(python_script(TOTALS, text, groups[0], numeric[0]), "info",
                            f"add up {numeric[0]} per {groups[0]} in {text} (highest total first, with row counts)")]
    return []


def _names(query: str, column: str) -> bool:
    words = re.escape(column).replace("_", "[_ ]").replace(r"\ ", "[_ ]")
    return re.search(rf"(?<![\w-]){words}s?(?![\w-])", query, re.I) is not None


def _numeric(path: Path, column: str) -> bool:
    """Every non-empty value of the column's first rows is a number (an id column of numbers counts too: the request
    names the one it wants added up)."""
    try:
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
            reader = csv.DictReader(fh, dialect="excel-tab" if path.suffix.lower() == ".tsv" else "excel")
            values = [(r.get(column) or "").strip().replace(",", "") for _, r in zip(range(MAX_ROWS_READ), reader)]
    except (OSError, csv.Error):
        return False
    values = [v for v in values if v]
    return bool(values) and all(re.fullmatch(r"[-+]?\d+(?:\.\d+)?", v) for v in values)


def csv_totals_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.exit_code == 0 and _MARK in r.command), None)
    head = re.search(r"^(.+), highest total first:$", record.output, re.M) if record else None
    if not head:
        return ""
    groups = re.findall(r"^(.+?): total (\S+), (\d+) rows, mean", record.output, re.M)
    everything = re.search(r"^all: (.+)$", record.output, re.M)
    return (f"{head.group(1)}, highest total first: " + "; ".join(f"{g} {t} ({n} rows)" for g, t, n in groups[:20])
            + "." + (f" All: {everything.group(1)}." if everything else ""))

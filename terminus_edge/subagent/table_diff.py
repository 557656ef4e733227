"""Two CSV / TSV files compared row by row: "what changed between exports/old.csv and exports/new.csv?". One read-only
command a user can re-run (a Python one-liner): rows are matched by the first column when its values are unique in both
files (an id, a SKU), else by their whole text; it prints rows only in one file and, per matched row, the columns whose
values differ. The answer is read off its output.

    table_diff_plan(query, cwd) -> [PlannedCommand]
    table_diff_report(records) -> str
"""

from __future__ import annotations

import re
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned, python_script
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_ASKS = re.compile(r"\b(?:compare[sd]?|comparing|diff(?:er|ers|erent|erence|erences)?|changed?|changes|same|between)\b", re.I)
_TABLE = re.compile(r"\.(?:csv|tsv)$", re.I)
_PAIRED = re.compile(r"\A`?\s*+(?:,\s*+)?(?:and|with|vs\.?|versus|to|against|&)?\s*+`?\Z", re.I)  # what stands between the two names
TABLE_DIFF = (
    "import csv, sys\n"
    "def load(path):\n    with open(path, newline=\"\", encoding=\"utf-8-sig\") as fh:\n"
    "        rows = list(csv.reader(fh, dialect=\"excel-tab\" if path.lower().endswith(\".tsv\") else \"excel\"))\n"
    "    return (rows[0], [r for r in rows[1:] if r]) if rows else ([], [])\n"
    "(ha, ra), (hb, rb) = load(sys.argv[1]), load(sys.argv[2])\n"
    "keyed = len({r[0] for r in ra}) == len(ra) and len({r[0] for r in rb}) == len(rb) and ha[:1] == hb[:1]\n"
    "key = (lambda r: r[0]) if keyed else (lambda r: \",\".join(r))\n"
    "a, b = {key(r): r for r in ra}, {key(r): r for r in rb}\n"
    "print(f\"rows: {len(ra)} in {sys.argv[1]}, {len(rb)} in {sys.argv[2]}; matched by \" + (f\"the first column ({ha[0]})\" if keyed else \"whole row\"))\n"
    "for k in a:\n    if k not in b: print(f\"only in {sys.argv[1]}: \" + \",\".join(a[k]))\n"
    "for k in b:\n    if k not in a: print(f\"only in {sys.argv[2]}: \" + \",\".join(b[k]))\n"
    "for k in a:\n    if k in b and a[k] != b[k]:\n"
    "        cols = [f\"{hb[i] if i < len(hb) else i} {x} -> {y}\" for i, (x, y) in enumerate(zip(a[k], b[k])) if x != y]\n"
    "        print(f\"changed {k}: \" + \"; \".join(cols or [\"a different number of fields\"]))\n")
_MARK = "matched by \" + (f\"the first column"


def table_diff_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _ASKS.search(query):
        return []
    files = [p for p in named_paths(query, cwd) if _TABLE.search(p) and is_file(cwd / p)]
    if len(files) != 2 or not _PAIRED.search(query[query.find(files[0]) + len(files[0]):query.rfind(files[1])]):
        return []  # "the exit status for bad.csv (…), compared with good.csv" compares runs, not the two tables
    return [planned(python_script(TABLE_DIFF, files[0], files[1]), "info",
                    f"compare the rows of {files[0]} and {files[1]}: rows only in one, values that differ")]


def table_diff_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if not r.refused and r.exit_code == 0 and _MARK in r.command), None)
    if record is None:
        return ""
    head = re.search(r"^rows: (.*)$", record.output, re.M)
    if not head:
        return ""
    removed = re.findall(r"^only in (\S+): (.*)$", record.output, re.M)
    changed = re.findall(r"^changed (.*?): (.*)$", record.output, re.M)
    said = [f"Rows: {head.group(1)}."]
    for path in dict.fromkeys(p for p, _ in removed):
        rows = [row for p, row in removed if p == path]
        said.append(f"Only in {path} ({len(rows)}): " + " | ".join(rows[:10]) + (" …" if len(rows) > 10 else "") + ".")
    if changed:
        said.append(f"Changed ({len(changed)}): " + " | ".join(f"{k}: {what}" for k, what in changed[:15])
                    + (" …" if len(changed) > 15 else "") + ".")
    if not removed and not changed:
        said.append("No row differs.")
    return " ".join(said)

"""CSV questions: "how many rows in data/x.csv have status=failed?", "count the failed jobs in data/x.csv", "how many
rows in x.csv?". Answered by awk by column number when no field is quoted (it reads as it is), else by Python's csv.

    csv_rows_plan(query, cwd) -> [PlannedCommand]
"""

from __future__ import annotations

import csv
import re
import shlex
import shutil
from pathlib import Path

from terminus_edge.subagent.project_scripts import is_file
from terminus_edge.subagent.question_common import named_paths, planned as _planned, python_script
from terminus_edge.subagent.records import PlannedCommand

_ROWS = re.compile(r"\b(rows?|lines?|records?|entries|jobs?|how\s+many|count|which)\b", re.I)


def csv_rows_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not _ROWS.search(query):
        return []
    for text in named_paths(query, cwd):
        if not text.lower().endswith((".csv", ".tsv")) or not is_file(cwd / text):
            continue
        values = column_values(cwd / text)
        for column in sorted(values, key=len, reverse=True):
            match = re.search(rf"(?<![\w-]){re.escape(column)}\s*(?:==?|:|\bis\b|\bof\b)?\s*[`'\"]?([\w.@+-]+)", query, re.I)
            if match and (match.group(1) in values[column] or re.search(rf"{re.escape(column)}\s*(?:==?|:)", query, re.I)):
                return [_rows_step(text, column, match.group(1), cwd)]
        words = set(re.findall(r"[\w.@+-]+", query))  # "count the failed jobs": a word that is one column's value
        hits = [(c, v) for c, vs in values.items() for v in vs if v in words and not v.isdigit()]
        if len(hits) == 1:
            return [_rows_step(text, *hits[0], cwd)]
        if _HOW_MANY_ROWS.search(query) and not _FILTER.search(query):  # no filter asked for: the number of data rows
            return [_count_step(text, cwd)]
    return []


_FILTER = re.compile(r"\b(?:have|has|having|with|where|whose|which|that|matching)\b|=", re.I)
_HOW_MANY_ROWS = re.compile(r"\b(?:how\s+many|count|number\s+of)\s+(?:\w+\s+){0,2}?(?:rows|lines|records|entries)\b", re.I)


def _count_step(text: str, cwd: Path) -> PlannedCommand:
    goal = f"count the data rows of {text} (the header line not counted)"
    if _plain_fields(cwd / text) is not None and shutil.which("awk"):
        program = 'END { print NR - 1 " data rows (plus the header line)" }'
        return _planned(f"awk {shlex.quote(program)} {shlex.quote(text)}", "info", goal)
    program = ("import csv, sys; rows = list(csv.reader(open(sys.argv[1], newline=''))); "
               "print(max(len(rows) - 1, 0), 'data rows (plus the header line)')")
    return _planned(python_script(program, text), "info", goal)


MAX_ROWS_READ = 5000
MAX_DISTINCT = 30  # a column with more distinct values is an id, a name or a number, not a status


def column_values(path: Path) -> dict[str, set[str]]:
    """Each header column with the distinct values of its first rows (only columns with few distinct values keep
    theirs: a status, a type, a region)."""
    try:
        with path.open(newline="", encoding="utf-8", errors="replace") as fh:
            dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
            reader = csv.reader(fh, dialect)
            header = [h.strip() for h in next(reader, [])]
            seen: dict[str, set[str]] = {h: set() for h in header if h}
            for i, row in enumerate(reader):
                if i >= MAX_ROWS_READ:
                    break
                for name, value in zip(header, row):
                    if name in seen and len(seen[name]) <= MAX_DISTINCT:
                        seen[name].add(value.strip())
    except (OSError, csv.Error):
        return {}
    return {name: (vals if len(vals) <= MAX_DISTINCT else set()) for name, vals in seen.items()}


def _rows_step(text: str, column: str, value: str, cwd: Path) -> PlannedCommand:
    goal = f"count the rows of {text} whose {column} is exactly {value} and list them"
    simple = _plain_fields(cwd / text)
    if simple is not None and shutil.which("awk"):  # no quoted fields: awk by column number reads as it is
        n, sep = simple.index(column) + 1, "\\t" if text.lower().endswith(".tsv") else ","
        ids = f' (hits ? " ({simple[0]}: " ids ")" : "")' if n != 1 else ""
        program = (f'NR > 1 && ${n} == "{value}" {{ print; hits++; ids = ids (ids ? ", " : "") $1 }} '
                   f'END {{ print hits + 0 " of " NR - 1 " rows have {column}={value}"{ids} }}')
        return _planned(f"awk -F'{sep}' {shlex.quote(program)} {shlex.quote(text)}", "info", goal)
    # the matching rows (50 at most), then the count and the first column's values (ids) on one line
    delimiter = "\\t" if text.lower().endswith(".tsv") else ","
    program = ("import csv, sys; path, col, val = sys.argv[1:]; "
               f"rows = list(csv.DictReader(open(path, newline=''), delimiter='{delimiter}')); "
               "hits = [r for r in rows if (r.get(col) or '').strip() == val]; key = next(iter(rows[0]), '') if rows else ''; "
               "[print(','.join(r.values())) for r in hits[:50]]; "
               "ids = ', '.join(r[key] for r in hits[:50]) + (', ...' if len(hits) > 50 else ''); "
               "print(f'{len(hits)} of {len(rows)} rows have {col}={val}' + (f' ({key}: {ids})' if hits and key != col else ''))")
    command = python_script(program, text, column, value)
    return _planned(command, "info", goal)


def _plain_fields(path: Path) -> list[str] | None:
    """The header, when no line quotes a field (so awk's split is the CSV's) and values are plain words."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:2_000_000]
    except OSError:
        return None
    if '"' in text or "'" in text or "\r" in text:
        return None
    header = [h.strip() for h in text.split("\n", 1)[0].split("\t" if path.suffix.lower() == ".tsv" else ",")]
    return header if all(re.fullmatch(r"[\w .-]+", h) for h in header) else None

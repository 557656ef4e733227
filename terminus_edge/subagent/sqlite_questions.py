"""Questions about the rows of a SQLite database the request names: "how many users in data/app.db have never logged in
(last_login is NULL)?" -> a read-only count and listing of the rows of the table it names where the column it names
is NULL (or NOT NULL), through the sqlite3 shell (python3's sqlite3 module where the shell is missing).

    sqlite_plan(query, cwd) -> [PlannedCommand]   [] unless a database file, one of its tables and a column of that
                                                  table with "is (not) null" are named
    sqlite_report(records) -> "3 of 8 rows of users have last_login NULL: 2|ben@example.com|…; …"
The table and column names come from the database's own schema (read at plan time, read-only), never from free text.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sqlite3
from pathlib import Path

from terminus_edge.subagent.question_common import named_paths, planned, python_script
from terminus_edge.subagent.records import CommandRecord, PlannedCommand

_DB = (".db", ".sqlite", ".sqlite3", ".db3")
MAX_ROWS = 50
_MARK = "rows where "


def _schema(path: Path) -> dict[str, list[str]]:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in db.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")]
            return {t: [c[1] for c in db.execute(f'pragma table_info("{t}")')] for t in tables}
        finally:
            db.close()
    except sqlite3.Error:
        return {}


def _mentions(query: str, name: str) -> int:
    stems = {name, name.rstrip("s"), name + "s"}
    found = [m.start() for s in stems for m in re.finditer(rf"(?<![\w.]){re.escape(s)}(?![\w.])", query, re.I)]
    return min(found) if found else -1


def sqlite_plan(query: str, cwd: Path) -> list[PlannedCommand]:
    if not re.search(r"\bnull\b", query, re.I) or not re.search(r"\.(?:db|sqlite3?|db3)\b", query, re.I):
        return []
    files = [p for p in named_paths(query, cwd) if p.lower().endswith(_DB) and (cwd / p).is_file()]
    if not files:
        return []
    schema = _schema(cwd / files[0])
    tables = sorted((pos, t) for t in schema if (pos := _mentions(query, t)) >= 0)
    for _, table in tables:
        for column in schema[table]:
            where = re.search(rf"(?<![\w.]){re.escape(column)}\s+is\s+(not\s+)?null\b", query, re.I)
            if where:
                return [_step(files[0], table, column, bool(where.group(1)))]
    return []


def _step(db: str, table: str, column: str, negated: bool) -> PlannedCommand:
    condition = f'"{column}" is {"not " if negated else ""}null'
    sql = (f"select count(*) as total from \"{table}\"; select count(*) as matching from \"{table}\" where {condition}; "
           f"select * from \"{table}\" where {condition} limit {MAX_ROWS};")
    goal = f"count and list the {_MARK}{column} is {'not ' if negated else ''}NULL in table {table}"
    if shutil.which("sqlite3"):
        command = f"sqlite3 -readonly -header {shlex.quote(db)} {shlex.quote(sql)}"
    else:
        script = ("import sqlite3, sys\ndb = sqlite3.connect(f\"file:{sys.argv[1]}?mode=ro\", uri=True)\n"
                  "for q in sys.argv[2].split(\";\"):\n    if not q.strip(): continue\n    cur = db.execute(q)\n"
                  "    print(\"|\".join(d[0] for d in cur.description))\n"
                  "    for row in cur: print(\"|\".join(\"\" if v is None else str(v) for v in row))")
        command = python_script(script, db, sql)
    return planned(command, "info", goal)


_SQL = re.compile(r"select count\(\*\) as total from \"([^\"]+)\"; select count\(\*\) as matching from \"[^\"]+\" where "
                  r"\"([^\"]+)\" is (not )?null;")


def sqlite_report(records: list[CommandRecord]) -> str:
    record = next((r for r in records if _SQL.search(r.command) and not r.refused and r.exit_code == 0), None)
    if record is None:
        return ""
    table, column, negated = _SQL.search(record.command).groups()
    lines = record.output.splitlines()
    try:
        total = int(lines[lines.index("total") + 1])
        matching = int(lines[lines.index("matching") + 1])
    except (ValueError, IndexError):
        return ""
    rows = lines[lines.index("matching") + 3:] if matching else []
    header = lines[lines.index("matching") + 2] if matching and len(lines) > lines.index("matching") + 2 else ""
    state = "NOT NULL" if negated else "NULL"
    text = f"{matching} of {total} rows of {table} have {column} {state}"
    if rows:
        text += f" ({header}): " + "; ".join(rows[:20]) + (" …" if matching > 20 else "")
    return text + "."

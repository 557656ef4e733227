"""SQL dumps: a value is secret because of the column it lands in. `sqlite3 .dump` and `mysqldump` write
`INSERT INTO users VALUES(1,'ann@x.org','…')` with the columns named only in the `CREATE TABLE` above; `pg_dump`
writes `COPY public.api_tokens (id, token) FROM stdin;` and then tab-separated rows up to `\\.`. A column whose name
says secret (`password_hash`, `token`, `api_key`) masks its values: any value under a password's or secret's name,
a credential-shaped one under a token's or key's name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from terminus_edge.redact.names import is_placeholder, secret_kind
from terminus_edge.redact.scan import Scan, keyword_ranges
from terminus_edge.redact.shapes import looks_like_credential

Span = tuple[str, int, int]

_NAME = r"(?:[\"`\[]?[\w$]+[\"`\]]?\.)?[\"`\[]?(?P<table>[\w$]+)[\"`\]]?"
_CREATE = re.compile(r"(?im)^[ \t]*CREATE[ \t]+(?:TEMP(?:ORARY)?[ \t]+)?TABLE[ \t]+(?:IF[ \t]+NOT[ \t]+EXISTS[ \t]+)?"
                     + _NAME + r"[ \t]*\(")
_INSERT = re.compile(r"(?im)^[ \t]*INSERT[ \t]+(?:OR[ \t]+\w+[ \t]+|IGNORE[ \t]+)?INTO[ \t]+" + _NAME +
                     r"[ \t]*(?:\((?P<cols>[^()\n]{1,4096})\)[ \t]*)?VALUES[ \t]*")
_COPY = re.compile(r"(?im)^COPY[ \t]+" + _NAME + r"[ \t]*\((?P<cols>[^()\n]{1,4096})\)[ \t]+FROM[ \t]+stdin;[ \t]*\r?$")
_CONSTRAINT = re.compile(r"(?i)(?:PRIMARY|CONSTRAINT|UNIQUE|FOREIGN|CHECK|KEY|INDEX|FULLTEXT|SPATIAL|EXCLUDE)\b")
_LITERAL = re.compile(r"'(?P<s>(?:[^']|'')*)'|(?P<other>[^,()'\s]+)|(?P<sep>[,()])|\s+")
_MAX_SCHEMA = 16384  # characters of a CREATE TABLE statement read


def _column_names(defs: str) -> list[str]:
    """Column names of a `CREATE TABLE (…)` body or an `INSERT (…)` / `COPY (…)` column list."""
    out, depth, part = [], 0, []
    for c in defs + ",":
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "," and depth == 0:
            item = "".join(part).strip()
            if item and not _CONSTRAINT.match(item):
                out.append(item.split()[0].strip("\"`[]"))
            part = []
        else:
            part.append(c)
    return out


def schema_end(text: str, pos: int) -> int | None:
    """Where the `(` body that starts at pos (just after the `(`) closes, or None within _MAX_SCHEMA characters."""
    depth, end = 1, min(len(text), pos + _MAX_SCHEMA)
    while pos < end and depth:
        depth += {"(": 1, ")": -1}.get(text[pos], 0)
        pos += 1
    return pos - 1 if depth == 0 else None


def _statements(scan: Scan, pattern: re.Pattern, words: tuple[str, ...]) -> Iterator[re.Match]:
    """pattern matched at the start of each line holding one of words (case as dumps write them: `INSERT INTO`)."""
    text = scan.text
    for start, end in keyword_ranges(text, text, words):
        pos = start
        while pos < end:
            stop = text.find("\n", pos, end)
            stop = end if stop == -1 else stop
            m = pattern.match(text, pos, stop)
            if m:
                yield m
            pos = stop + 1


def _schemas(scan: Scan) -> list[tuple[int, str, list[str]]]:
    """(position, table, columns) of every CREATE TABLE, in order."""
    out, text = [], scan.text
    for m in _statements(scan, _CREATE, ("CREATE", "create table")):
        end = schema_end(text, m.end())
        if end is not None:
            out.append((m.start(), m.group("table").lower(), _column_names(text[m.end():end])))
    return out


def _columns_before(schemas: list[tuple[int, str, list[str]]], table: str, before: int) -> list[str]:
    found: list[str] = []
    for pos, name, columns in schemas:
        if pos >= before:
            break
        if name == table.lower():
            found = columns
    return found


def _secret_columns(columns: list[str]) -> dict[int, tuple[str, bool]]:
    return {i: kind for i, name in enumerate(columns) if (kind := secret_kind(name)) is not None}


def _judged(value: str, strong: bool) -> bool:
    if not value or value.upper() == "NULL" or value == "\\N" or is_placeholder(value) or value.startswith("[REDACTED"):
        return False
    return strong or looks_like_credential(value, literal=True)


def _insert_values(text: str, pos: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(column index, start, end) of the quoted values of the row tuples from pos up to the statement's end."""
    depth, col = 0, 0
    for m in _LITERAL.finditer(text, pos, end):
        if m.group("sep") == "(":
            depth, col = depth + 1, 0 if depth == 0 else col
        elif m.group("sep") == ")":
            depth -= 1
            if depth < 0:
                return
        elif m.group("sep") == "," and depth == 1:
            col += 1
        elif m.group("s") is not None and depth == 1:
            yield col, m.start("s"), m.end("s")
        elif m.group("other") is not None and depth == 0 and m.group("other").startswith(";"):
            return


def find_sql_dump_values(scan: Scan) -> Iterator[Span]:
    text = scan.text
    if "INSERT" not in text and "insert into" not in text and "COPY" not in text:
        return
    schemas = None
    for m in _statements(scan, _INSERT, ("INSERT", "insert into")):
        if m.group("cols"):
            columns = _column_names(m.group("cols"))
        else:
            schemas = _schemas(scan) if schemas is None else schemas
            columns = _columns_before(schemas, m.group("table"), m.start())
        secret = _secret_columns(columns)
        if not secret:
            continue
        stop = text.find("\n", m.end())
        for col, start, end in _insert_values(text, m.end(), len(text) if stop == -1 else stop):
            if col in secret and _judged(text[start:end], secret[col][1]):
                yield secret[col][0], start, end
    for m in _statements(scan, _COPY, ("COPY",)):
        secret = _secret_columns(_column_names(m.group("cols")))
        pos = m.end() + 1
        while secret and pos < len(text):
            stop = text.find("\n", pos)
            stop = len(text) if stop == -1 else stop
            if text.startswith("\\.", pos):
                break
            cell = pos
            for i, value in enumerate(text[pos:stop].rstrip("\r").split("\t")):
                if i in secret and _judged(value, secret[i][1]):
                    yield secret[i][0], cell, cell + len(value)
                cell += len(value) + 1
            pos = stop + 1


_INSERT_HEAD = re.compile(r"(?i)[ \t]*INSERT[ \t]+(?:OR[ \t]+\w+[ \t]+|IGNORE[ \t]+)?INTO[ \t]+" + _NAME)


@dataclass
class SqlContext:
    """What a streamed dump line needs from above (redact.stream): the CREATE TABLE statements (by table) for
    `INSERT … VALUES` lines without a column list, and the `COPY … FROM stdin;` line for the rows under it."""

    schemas: dict[str, str] = field(default_factory=dict)
    copy_header: str = ""
    _open: list[str] = field(default_factory=list)  # a CREATE TABLE statement still being read

    def note(self, line: str) -> None:
        if self._open:
            self._open.append(line)
        elif _CREATE.match(line):
            self._open = [line]
        elif _COPY.match(line.rstrip("\n")):
            self.copy_header = line if line.endswith("\n") else line + "\n"
            return
        elif self.copy_header and line.startswith("\\."):
            self.copy_header = ""
        if self._open:
            text = "".join(self._open)
            m = _CREATE.match(text)
            if schema_end(text, m.end()) is not None or len(text) > _MAX_SCHEMA:
                self.schemas[m.group("table").lower()] = text if text.endswith("\n") else text + "\n"
                self._open = []

    def context_for(self, line: str) -> str:
        if self.copy_header and not _COPY.match(line.rstrip("\n")):
            return self.copy_header
        m = _INSERT_HEAD.match(line)
        return self.schemas.get(m.group("table").lower(), "") if m else ""

"""Values a tool cuts across lines: `curl --trace-ascii` writes a request body in rows of 64 bytes (`0000: …`,
`0040: …`), a drawn table folds a long cell onto the rows below (rich, `--output table`), whose first cell is blank,
a terminal or `fold` wraps a long line at its width (any width: 72, 80, 90 … columns) with no mark at all.
The pieces are joined back into the line the tool cut, the other detectors look at that line, and a secret they find
across a cut is masked piece by piece where it stands (what lies within one piece the detectors find as it is)."""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from terminus_edge.redact.formats import TOKEN_FORMATS
from terminus_edge.redact.keyfrag import body_line
from terminus_edge.redact.names import secret_kind
from terminus_edge.redact.scan import Scan

Span = tuple[str, int, int]
Piece = tuple[int, int]

_TRACE_ROW = re.compile(r"(?m)^(?P<off>[0-9a-f]{4,8}): (?P<data>[^\n]*?)\r?$")
_TRACE_WIDTH = 64  # bytes per row of --trace-ascii data
_BAR = "|\u2502\u2503"
ROW = re.compile(rf"(?m)^[ \t]*[{_BAR}](?:[^{_BAR}\n]*[{_BAR}]){{2,}}[ \t]*\r?$")
_CELL = re.compile(rf"[^{_BAR}\n]+")
# the widths terminals wrap at: a line of exactly one of them, not a drawn row, may go on in the next line
WRAP_WIDTHS = frozenset((80, 100, 120, 132, 160, 200))
# `fold -w N` / a terminal of any width: a line of 40+ columns that ends inside a random-looking token (letters and
# digits, or both cases, up to the end: `eyJhb`, `…oDx`; not a word, a number or `key=`) or a vendor's prefix
# (`sk_live`) may have been cut there; the
# rows after it are cut at the same width: a run goes on while rows keep that length, and a longer row is no row of it
_LEAST_WIDTH = 40
# under 40 columns (`fold -w 24`) a row is cut that way only when its last word is one whole token of a value's
# characters given a name (`token = sdeO`, `"api_key": "sk-proj-Wm`) or one of 12+ (`ghp_IBSCZwX7OhZ`); a short word
# after a word (`with id kL9m`) or with other punctuation in it (`with Zq8!vR2#kL9m`) stays a line of its own (a stream
# releases it at once)
_NARROW_WIDTH = 20
_WHOLE_TAIL = re.compile(r"(?:[=:][ \t]*[\"']?|[\"'])[A-Za-z0-9+/_.%~-]{4,64}$|(?:^|\s)[A-Za-z0-9+/_.%~-]{12,64}$")
_TAIL = re.compile(r"[A-Za-z0-9+/_.%~-]{1,64}$")
# a tail cut right after a vendor's prefix (`key=sk_live`, `ghp`): random characters after it (past a `_`/`-` the cut
# may have put on the next row) would make a token
_VENDOR_HEAD = re.compile("|".join(f"(?:{pattern})" for _, pattern in TOKEN_FORMATS))
_FILLERS = ("Ab3dE5fG7hJ9kL2mN4pQ6rS8tU1vW3xY5zA7bC9dE2fG4hJ6kL8mN1pQ3rS5tU7vW9xY2z",
            "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4")
_TOKEN_PIECE = re.compile(r"[A-Za-z0-9+/_.%~-]+=*")
_NAME_END = re.compile(r"[A-Za-z_][\w.-]{0,63}[\"']?$")


def _ends_in_token(line: str) -> bool:
    tail = _TAIL.search(line[-64:])
    if tail is None:
        return False
    tail = tail.group()
    if _named_secret(line[:len(line) - len(tail)]):
        return True  # `STRIPE_SECRET_KEY=sk_l`: a secret's value, whatever its cut piece looks like
    if any(_VENDOR_HEAD.match(tail + cut + filler) for cut in ("", "_", "-") for filler in _FILLERS):
        return True
    return bool(re.search(r"[A-Za-z]", tail) and re.search(r"\d", tail)
                or re.search(r"[a-z]", tail) and re.search(r"[A-Z]", tail))


def _named_secret(head: str) -> bool:
    """`head` ends in a name that says secret given a value (`STRIPE_SECRET_KEY=`, `"password": "`)."""
    head = head[-96:].rstrip(" \t\"'")
    if not head.endswith(("=", ":")):
        return False
    name = _NAME_END.search(head[:-1].rstrip(" \t"))
    return name is not None and secret_kind(name.group().strip("\"'")) is not None


def wrap_row_continues(line: str, width: int | None = None, above: str = "") -> bool:
    """A line a terminal or `fold` may have cut (no drawn row): the next line, unindented, may carry on what it cut.
    width: the first cut row's length, when this line is a later row of the same run. above: the line before it."""
    line = line.rstrip("\r\n")
    if any(c in _BAR or "\u2500" <= c <= "\u257f" for c in line):  # (box drawing)
        return False
    if width is not None:
        return len(line) == width
    # (a line of base64 alone is left to the key-body runs, keybody.py, as a stream holds it; an indented line only
    # inside an open quote, `    "hf_token": "hf_Tg…`: a YAML `  secret_key: PurpleMonkey` is whole, and a stream that
    # held it would judge the indented line after it without the document around)
    # (one space, under an unindented line of its very length, is where `fold` cut before a space: ` Bearer eyJhb…`)
    if line[:1].isspace() and not (line.count('"') % 2 or line.count("'") % 2) and not cut_before_space(line, above):
        return len(line) in WRAP_WIDTHS
    if len(line) in WRAP_WIDTHS:
        return True
    least = _LEAST_WIDTH if _WHOLE_TAIL.search(line[-65:]) is None else _NARROW_WIDTH
    return len(line) >= least and _ends_in_token(line) and not body_line(line)


def cut_before_space(line: str, above: str) -> bool:
    """`line` is a row `fold` began with the space it cut before: one space, under an unindented row of its length."""
    above = above.rstrip("\r\n")
    return line[:1] == " " and line[1:2] not in (" ", "\t", "") and len(above) == len(line) and not above[:1].isspace()


def _wrap_lines(text: str) -> Iterator[list[Piece]]:
    run: list[Piece] = []
    pos, above = 0, ""
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        prev, above = above, body
        piece = (pos, pos + len(body))
        pos += len(line)
        if run and body and not body[0].isspace() and len(body) <= run[0][1] - run[0][0]:
            run.append(piece)
            if not wrap_row_continues(body, run[0][1] - run[0][0]):
                yield run
                run = []
            continue
        if len(run) > 1:
            yield run
        run = [piece] if wrap_row_continues(body, above=prev) else []
    if len(run) > 1:
        yield run


def trace_row_continues(line: str) -> bool:
    """A full 64-byte row of `curl --trace-ascii` data: the next row may carry on what it cut."""
    m = _TRACE_ROW.match(line.rstrip("\n"))
    return m is not None and len(m.group("data")) == _TRACE_WIDTH


def _trace_lines(text: str) -> Iterator[list[Piece]]:
    run: list[Piece] = []
    last = -1
    for m in _TRACE_ROW.finditer(text):
        off = int(m.group("off"), 16)
        if run and off == last + _TRACE_WIDTH and len(text[run[-1][0]:run[-1][1]]) == _TRACE_WIDTH:
            run.append(m.span("data"))
        else:
            if len(run) > 1:
                yield run
            run = [m.span("data")]
        last = off
    if len(run) > 1:
        yield run


def cells(text: str, start: int, end: int) -> tuple[list[int], list[Piece]]:
    """The bar positions of a drawn row and its cells' text (stripped)."""
    bars = [i for i in range(start, end) if text[i] in _BAR]
    cells = []
    for m in _CELL.finditer(text, bars[0], bars[-1]):
        s, e = m.span()
        while s < e and text[s] in " \t":
            s += 1
        while e > s and text[e - 1] in " \t":
            e -= 1
        cells.append((s, e))
    return [b - start for b in bars], cells


def table_row_continues(line: str) -> bool:
    """A row of a drawn table: the rows below may fold its long cells."""
    return ROW.match(line.rstrip("\n")) is not None


def table_row_folded(line: str) -> bool:
    """A drawn table's row whose first cell is blank: it carries on the cells of the row above."""
    line = line.rstrip("\n")
    if ROW.match(line) is None:
        return False
    first = cells(line, 0, len(line))[1][0]
    return first[0] == first[1]


def _table_lines(text: str) -> Iterator[list[Piece]]:
    """Per folded cell: the cell on its data row, then its pieces on the continuation rows (first cell blank)."""
    rows = [(m.start(), m.end(), *cells(text, m.start(), m.end())) for m in ROW.finditer(text)]
    i = 0
    while i < len(rows):
        _, _, bars, row_cells = rows[i]
        j = i + 1
        while (j < len(rows) and rows[j][2] == bars and len(rows[j][3]) == len(row_cells)
               and rows[j][3][0][0] == rows[j][3][0][1] and text.count("\n", rows[j - 1][1], rows[j][0]) == 1):
            j += 1
        if j > i + 1:
            for col in range(1, len(row_cells)):
                pieces = [rows[k][3][col] for k in range(i, j) if rows[k][3][col][1] > rows[k][3][col][0]]
                if len(pieces) > 1:
                    yield pieces
        i = j


def _carries_on(text: str, a: int, b: int) -> bool:
    """The part of a secret a wrap put on the next row: random enough that the row did not merely begin with a word
    (`INFO done` under a full-width line stays)."""
    piece = text[a:b]
    return len(piece) >= 12 or (len(piece) >= 6 and bool(re.search(r"\d", piece) and re.search(r"[A-Za-z]", piece)
                                                       or re.search(r"[a-z]", piece) and re.search(r"[A-Z]", piece)))


def _across_cuts(text: str, lines: list[list[Piece]], detectors) -> Iterator[tuple[str, list[Piece]]]:
    """Per secret the detectors find in the joined lines across a cut: its kind and its pieces where they stand."""
    joined, where = [], []  # the joined lines, and each joined character's offset in text (-1: a line break)
    for pieces in lines:
        for s, e in pieces:
            joined.append(text[s:e])
            where.extend(range(s, e))
        joined.append("\n")
        where.append(-1)
    inner = Scan("".join(joined))
    for detect in detectors:
        for kind, s, e in detect(inner):
            offsets = [o for o in where[s:e] if o >= 0]
            runs, run_start = [], None
            for k, o in enumerate(offsets):
                if run_start is None:
                    run_start = o
                if k + 1 == len(offsets) or offsets[k + 1] != o + 1:
                    runs.append((run_start, o + 1))
                    run_start = None
            if len(runs) > 1:
                yield kind, runs


def find_reflowed_secrets(scan: Scan, detectors: Iterable[Callable[[Scan], Iterable[Span]]]) -> Iterator[Span]:
    """A secret found across a cut, masked piece by piece."""
    text, detectors = scan.text, list(detectors)
    lines: list[list[Piece]] = []
    if "0040: " in text:
        lines += _trace_lines(text)
    if any(b in text for b in _BAR):
        lines += _table_lines(text)
    for kind, runs in _across_cuts(text, lines, detectors) if lines else ():
        yield from ((kind, a, b) for a, b in runs)
    wrapped = list(_wrap_lines(text))
    for kind, runs in _across_cuts(text, wrapped, detectors) if wrapped else ():
        carried = _carries_on if _row_length(text, runs[0][0]) in WRAP_WIDTHS else _carries_on_strictly
        # (a last row may hold the token's last characters alone, `b channel=#deploys`, once a whole row carried it)
        tail = runs[-1] if len(runs) > 2 and _TOKEN_PIECE.fullmatch(text, *runs[-1]) else None
        if all(carried(text, a, b) or (a, b) == tail for a, b in runs[1:]):
            yield from ((kind, a, b) for a, b in runs)


def _row_length(text: str, at: int) -> int:
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    return len(text[start:end if end >= 0 else len(text)].rstrip("\r"))


def _carries_on_strictly(text: str, a: int, b: int) -> bool:
    """At a width no terminal has (any `fold -w N`) the cut is less sure: the next row's piece must look random
    itself (letters and digits, or a capital after a small letter: not `Traceback`), one token, and not a name given a value (`SLACK_CHANNEL=#deploys` under a line ending in a whole token)."""
    piece = text[a:b]
    return (len(piece) >= 6 and _TOKEN_PIECE.fullmatch(piece) is not None and text[b:b + 1] not in ("=", ":")
            and bool(re.search(r"\d", piece) and re.search(r"[A-Za-z]", piece) or re.search(r"[a-z][A-Z]", piece)))

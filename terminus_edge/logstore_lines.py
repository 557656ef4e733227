"""A stored log read as lines: its chunks decoded into lines as they stream by, and the numbered lines a span
("120:180", "-40", terminus_edge.line_range) and a grep pattern pick. The store hands the chunks; nothing here
touches the database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from terminus_edge.line_range import LineRangeError, parse_line_range
from terminus_edge.logstore_db import LogStoreError


def decoded_lines(chunks: Iterable[bytes]) -> Iterator[str]:
    """Decoded lines (invalid UTF-8 replaced, line ends dropped), streamed."""
    pending = bytearray()  # appended in place: a 100 MB line without a newline is not re-copied per chunk
    for data in chunks:
        if b"\n" not in data:
            pending += data
            continue
        first, *lines, rest = data.split(b"\n")
        pending += first
        yield bytes(pending).rstrip(b"\r").decode("utf-8", "replace")
        for line in lines:
            yield line.rstrip(b"\r").decode("utf-8", "replace")
        pending = bytearray(rest)
    if pending:
        yield bytes(pending).rstrip(b"\r").decode("utf-8", "replace")


def picked_lines(read_lines: Callable[[], Iterator[str]], span: str | None = None,
                 grep: str | None = None) -> Iterator[tuple[int, str]]:
    """(line number, text) pairs, 1-based, from read_lines() (called twice for a span counted from the end)."""
    start, end = _parse_span(span)
    if start < 0:
        count = sum(1 for _ in read_lines())
        start, end = max(1, count + start + 1), end
    try:
        pattern = re.compile(grep) if grep else None
    except re.error as error:
        raise LogStoreError(f"bad grep pattern {grep!r}: {error}") from None
    for number, text in enumerate(read_lines(), 1):
        if end is not None and number > end:
            return
        if number >= start and (pattern is None or pattern.search(text)):
            yield number, text


def _parse_span(span: str | None) -> tuple[int, int | None]:
    """(start, end or None); a negative start -N means the last N lines."""
    try:
        picked = parse_line_range(span)
    except LineRangeError as error:
        raise LogStoreError(str(error)) from None
    return (-picked.from_end, None) if picked.from_end else (picked.first, picked.last)

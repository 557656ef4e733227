"""One grammar for picking lines of a stored log, shared by `logs show --lines`, the MCP tool `read_log`
and the agent bridge: a colon or a dash separates the ends, so `120:180` and `120-180` mean the same."""

from __future__ import annotations

import re
from dataclasses import dataclass

from terminus_edge.errors import TerminusError

SYNTAX = "START:END or START-END, START: or START-, :END, -N (the last N lines) or N"
HELP = ("1-based, inclusive: 'START:END' or 'START-END', 'START:' or 'START-' (to the end), ':END', "
        "'-N' (the last N lines) or 'N' (one line)")
_RANGE = re.compile(r"\s*(?:-\s*(?P<count>\d+)\s*:?|(?P<first>\d*)\s*[:-]\s*(?P<last>\d*)|(?P<one>\d+))\s*")


class LineRangeError(TerminusError):
    """A line range that the grammar above does not describe."""


@dataclass(frozen=True)
class LineRange:
    first: int = 1
    last: int | None = None  # inclusive; None: to the end
    from_end: int = 0  # > 0: only the last from_end lines (first and last are then 1 and None)


def parse_line_range(text: str | None) -> LineRange:
    """None or blank → every line; see SYNTAX for the rest."""
    if text is None or not str(text).strip():
        return LineRange()
    match = _RANGE.fullmatch(str(text))
    if not match:
        raise LineRangeError(f"bad line range {text!r} (use {SYNTAX})")
    count, first, last, one = match.group("count", "first", "last", "one")
    if count is not None:
        if int(count) < 1:
            raise LineRangeError(f"bad line range {text!r}: '-N' (the last N lines) needs N >= 1")
        return LineRange(from_end=int(count))
    if one is not None:
        first = last = one
    elif not first and not last:
        raise LineRangeError(f"bad line range {text!r} (use {SYNTAX})")
    start = int(first) if first else 1
    end = int(last) if last else None
    if start < 1:
        raise LineRangeError(f"bad line range {text!r}: lines are numbered from 1")
    if end is not None and end < start:
        raise LineRangeError(f"bad line range {text!r}: the end comes before the start")
    return LineRange(start, end)

"""Which lines of an output look like errors or warnings: the lines the bounded view (window.py) opens a window of
context around, and counts in the whole output."""

from __future__ import annotations

import re
from collections.abc import Iterator

TRIGGER_RE = re.compile(
    r"(?P<error>\b(?:errors?|fatal|fail(?:s|ed|ure|ures|ing)?|panic(?:ked)?|exception|traceback|abort(?:ed)?|killed|"
    r"denied|segmentation fault|core dumped|cannot|could not|unable to|undefined reference|not found|timed out|conflict)\b"
    r"|\b[A-Z]\w*(?:Error|Exception)\b|\bnot ok\b|[✖✕✗×●])"
    r"|(?P<warning>\b(?:warn(?:ing)?s?|deprecat\w*)\b)",
    re.I,
)
# A cheap first pass (str.find over the lowercased text); TRIGGER_RE then confirms on the one line found.
KEYWORDS = (
    "error", "fail", "fatal", "panic", "exception", "traceback", "abort", "killed", "denied", "segmentation fault",
    "core dumped", "cannot", "could not", "unable to", "undefined reference", "not found", "timed out", "conflict",
    "not ok", "✖", "✕", "✗", "×", "●", "warn", "deprecat",
)


def keyword_hits(low: str, start: int) -> list[int]:
    hits: list[int] = []
    for keyword in KEYWORDS:
        i = low.find(keyword, start)
        while i >= 0:
            hits.append(i)
            i = low.find(keyword, i + len(keyword))
    hits.sort()
    return hits


def trigger_lines(text: str, start: int = 0) -> Iterator[tuple[int, int, int, str]]:
    """(hit, line start, line end, "error" or "warning") for each error- or warning-looking line of text[start:],
    once per line, in order."""
    low = text.lower()
    aligned = len(low) == len(text)  # lower() lengthens a few characters (İ); then search the slow way
    found = keyword_hits(low, start) if aligned else [m.start() for m in TRIGGER_RE.finditer(text, start)]
    skip_until = 0
    for p in found:
        if p < skip_until:
            continue
        start_of_line = text.rfind("\n", 0, p) + 1
        end_of_line = text.find("\n", p)
        skip_until = end_of_line = len(text) if end_of_line < 0 else end_of_line
        hit = TRIGGER_RE.search(text, start_of_line, end_of_line)
        if hit is not None:
            yield p, start_of_line, end_of_line, hit.lastgroup or "error"

"""Located diagnostics (`src/a.c:9:5: error: …`), counted over a whole output as it streams.

One line is one diagnostic in the GNU layout, so their count over every line gives an exact total of the errors and
warnings of a compiler or linter log even where the bounded view (window.py) leaves most of them out.
"""

from __future__ import annotations

import re

# `src/a.c:9:5: error: …`, `a.py:3: warning: …`, `x.c:1:1: fatal error: …` (facts/diagnostics.py's GNU_RE reads them whole)
LOCATED_RE = re.compile(r"[^\s:()][^:\s]*?:\d+(?:[:.]\d+)?(?:-\d+(?:[.:]\d+)?)?:[ \t]*(fatal error|error|warning|fatal)(?:\[[\w-]+\])?[ \t]*:", re.I)
# Its severity part alone: it starts with a literal `:`, which the regex engine scans for quickly; a `^`-anchored
# pattern is tried at every position (~0.1 s for 10 MB of lines that hold no diagnostic at all).
SEVERITY_RE = re.compile(r":[ \t]*(?:fatal error|error|warning|fatal)(?:\[[\w-]+\])?[ \t]*:", re.I)


def count_located(text: str, counts: dict[str, int] | None = None) -> dict[str, int]:
    """Located error / warning diagnostics in `text`, by severity (see LOCATED_RE), added to `counts` if given."""
    counts = {"error": 0, "warning": 0} if counts is None else counts
    last = -1
    for m in SEVERITY_RE.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start == last:
            continue  # one diagnostic a line
        last = start
        located = LOCATED_RE.match(text, start)
        if located:
            counts["warning" if located.group(1).lower() == "warning" else "error"] += 1
    return counts

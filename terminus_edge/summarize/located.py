"""Located diagnostics and test results, counted over a whole output as it streams.

One line is one diagnostic in the GNU layout (`src/a.c:9:5: error: …`) and in the rule-code layout of flake8 / ruff
concise / pycodestyle (`a.py:3:1: F401 …`); rustc / cargo / clippy (and ruff's full format) give each message a head
line and its place on a `--> file:line:col` line just under it; `go test -v` prints one `--- PASS: TestName` (or
`--- FAIL:`) line per test. Their counts over every line give exact totals even where the bounded view (window.py) leaves most of
the lines out. The layouts are those facts/diagnostics.py and facts/golang.py read; bounds.exact_located pairs a
parser's count with the kind here that it counted.
"""

from __future__ import annotations

import re

# `src/a.c:9:5: error: …`, `a.py:3: warning: …`, `x.c:1:1: fatal error: …` (facts/diagnostics.py's GNU_RE reads them whole)
LOCATED_RE = re.compile(r"[^\s:()][^:\s]*?:\d+(?:[:.]\d+)?(?:-\d+(?:[.:]\d+)?)?:[ \t]*(fatal error|error|warning|fatal)(?:\[[\w-]+\])?[ \t]*:", re.I)
# Its severity part alone: it starts with a literal `:`, which the regex engine scans for quickly; a `^`-anchored
# pattern is tried at every position (~0.1 s for 10 MB of lines that hold no diagnostic at all).
SEVERITY_RE = re.compile(r":[ \t]*(?:fatal error|error|warning|fatal)(?:\[[\w-]+\])?[ \t]*:", re.I)
# flake8 / ruff concise: `a.py:3:1: F401 'os' imported but unused` (diagnostics.CODE_LINE_RE), found by its `:3:1: F401 ` part
# (the path before it, checked in code: it starts the line, holds no `:` and does not start with a blank)
CODE_PART_RE = re.compile(r":\d+:\d+: (?:[A-Z]{1,4}\d{1,4}|[A-Z]\d{3,4}) (?:\[\*\] )?\S")
# `  --> src/main.rs:4:17` under `error[E0308]: mismatched types` / `warning: unused variable` / ruff's `F401 [*] …`
ARROW_RE = re.compile(r"--> [^\s:]+:\d+:\d+")
RUST_HEAD_RE = re.compile(r"(error|warning)(?:\[[\w:-]+\])?: \S")
CODE_HEAD_RE = re.compile(r"[A-Z]{1,4}\d{2,4} (?:\[\*\] )?\S")
HEAD_LINES = 3  # diagnostics.rust_style looks this many lines below a head for its place
# a top-level go test's result (a subtest's name has a `/`, and is indented)
RESULT_RE = re.compile(r"--- (PASS|FAIL): [^\s/]+ \([\d.]+s\)$", re.M)

KINDS = ("error", "warning", "code", "rust_error", "rust_warning", "go_pass", "go_fail")


def count_located(text: str, counts: dict[str, int] | None = None, before: str = "") -> dict[str, int]:
    """Located diagnostics and passing go tests in `text`, by kind (KINDS), added to `counts` if given. `before`: the
    last lines of the text streamed before this block, where a `-->` line at its start may find its head."""
    counts = dict.fromkeys(KINDS, 0) if counts is None else counts
    for kind in KINDS:
        counts.setdefault(kind, 0)
    last = -1
    for m in SEVERITY_RE.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start == last:
            continue  # one diagnostic a line
        last = start
        located = LOCATED_RE.match(text, start)
        if located:
            counts["warning" if located.group(1).lower() == "warning" else "error"] += 1
    last = -1
    for m in CODE_PART_RE.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start != last and start < m.start() and text[start] not in " \t" and text.find(":", start, m.start()) < 0:
            counts["code"] += 1
        last = start
    if "-->" in text:
        _count_arrows(before + text if before else text, len(before) if before else 0, counts)
    if "--- PASS: " in text or "--- FAIL: " in text:
        for m in RESULT_RE.finditer(text):
            if m.start() == 0 or text[m.start() - 1] == "\n":
                counts["go_pass" if m.group(1) == "PASS" else "go_fail"] += 1
    return counts


def _count_arrows(text: str, offset: int, counts: dict[str, int]) -> None:
    """Each `-->` place line (at or after `offset`) whose nearest head, at most HEAD_LINES lines above it with no other
    place line between, is a rust or rule-code message: one diagnostic of that head's kind."""
    for m in ARROW_RE.finditer(text, offset):
        start = text.rfind("\n", 0, m.start()) + 1
        if text[start:m.start()].strip(" \t"):
            continue  # `-->` inside a message, not a place line
        end = start - 1
        for _ in range(HEAD_LINES):
            if end < 0:
                break
            line_start = text.rfind("\n", 0, end) + 1
            line = text[line_start:end]
            if ARROW_RE.match(line.lstrip(" \t")):
                break  # the place of an earlier message
            head = RUST_HEAD_RE.match(line)
            if head:
                counts["rust_warning" if head.group(1) == "warning" else "rust_error"] += 1
                break
            if CODE_HEAD_RE.match(line):
                counts["code"] += 1
                break
            end = line_start - 1


def last_lines(text: str, n: int = HEAD_LINES) -> str:
    """The last `n` lines of a block, with the newline that ends it: what the next block's first lines look back at."""
    cut = len(text)
    for _ in range(n):
        cut = text.rfind("\n", 0, cut)
        if cut < 0:
            return text + "\n"
    return text[cut + 1:] + "\n"

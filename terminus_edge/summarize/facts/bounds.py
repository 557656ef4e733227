"""Which counts a parser read from the tool's own tally, and which it counted in a view of a large output.

A large output reaches most parsers as a bounded view (window.py: its head, its tail and windows around
error-looking lines). A count a parser makes by counting lines of that view (`len(diagnostics)`) misses the
lines left out, so it is only a lower bound; a count the tool printed itself (`3000 warnings`, `# fail 1`,
`Failures: 2`) is exact wherever it was read. A count is taken as the tool's own when the view holds that
number next to a word for what it counts; otherwise the summary says "at least".
"""

from __future__ import annotations

import re
from functools import lru_cache

from terminus_edge.summarize.facts.types import Facts
from terminus_edge.summarize.located import count_located

# The words a tool uses for a count key, besides the key's own first letters (`fail` for failed/failures).
WORDS = {
    "total": r"total|tests?|ran|run|items|collected|examples|cases",
    "passed": r"pass|succe|green",
    "errors": r"erro|problem",
    "failed": r"fail|not ok|broken|red\b",
    "warnings": r"warn",
    "skipped": r"skip|pending|ignored",
    "collected": r"collect",
}
NUMBER_EDGE = r"(?<![\w.:/#@+-]){n}(?![\w/@+-]|[.:,]\d)"


@lru_cache(maxsize=256)
def _stated_re(key: str, value: int) -> re.Pattern:
    words = WORDS.get(key, re.escape(key[:4]))
    number = NUMBER_EDGE.format(n=value)
    # `3000 warnings`, `2 tests failed`, `(5000 errors,` / `Failures: 2`, `failed=2`, `Tests=7` / TAP's `# fail 1`
    # (not `ok 9 - name` nor `=== RUN test 12`: a test's number is no tally)
    return re.compile(rf"{number}[ \t]+(?:[\w-]+[ \t]+)?(?:{words})|(?:{words})\w*[\"']?[ \t]*[:=][ \t]*{number}"
                      rf"|^#[ \t]*(?:{words})\w*[ \t]+{number}[ \t]*$|(?:{words})\w*[ \t]+{number}[ \t]+(?:items?|tests?)\b",
                      re.I | re.M)


@lru_cache(maxsize=256)
def _number_re(value: int) -> re.Pattern:
    return re.compile(NUMBER_EDGE.format(n=value))


def stated(key: str, value: int, text: str) -> bool:
    """Whether `text` prints `value` as a tally of `key` (a count the tool made, not one made by counting lines)."""
    # The number first (a plain scan), then the tally pattern on its line: the pattern's leading alternatives would
    # otherwise be tried at every position of a view of a few hundred thousand characters.
    pattern, checked = _stated_re(key, value), -1
    for m in _number_re(value).finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start <= checked:
            continue
        end = text.find("\n", m.end())
        line = text[start : len(text) if end < 0 else end]
        if pattern.search(line):
            return True
        checked = start
    return False


def lower_bounds(counts: dict[str, int], text: str) -> list[str]:
    """The keys of `counts` (parsed from a view, `text`) that the view does not state as the tool's own tally."""
    return [key for key, value in counts.items() if value and not stated(key, value, text)]


# The kinds of located lines (located.KINDS) a parser may have counted one by one for a count key: GNU diagnostics,
# flake8 / ruff rule-code lines, rust messages placed by their `-->` line, go's `--- PASS:` / `--- FAIL:` lines.
EXACT_KINDS = {
    "errors": (("error",), ("code",), ("rust_error",), ("error", "code")),
    "warnings": (("warning",), ("rust_warning",)),
    "passed": (("go_pass",),),
    "failed": (("go_fail",),),
}


def exact_located(part: Facts, view: str, located: dict[str, int] | None) -> None:
    """Make a lower-bound count exact when the parser counted one per located line of a kind (its count equals those
    lines in the view) and `located` holds how many the whole output has."""
    if not located or not part.counts_at_least:
        return
    in_view = None
    for key in [k for k in part.counts_at_least if k in EXACT_KINDS]:
        in_view = in_view or count_located(view)
        for kinds in EXACT_KINDS[key]:
            seen, whole = sum(in_view[k] for k in kinds), sum(located.get(k, 0) for k in kinds)
            if seen and part.counts[key] == seen and whole >= seen:
                part.counts[key] = whole
                part.counts_at_least.remove(key)
                break


# `12 packages`, `0 ok`, `3 tasks` in a parser's own sentence; not a place (`a.py:3`), a version, an id or a `×3`.
COUNT_PHRASE_RE = re.compile(r"(?<![\w.:/×#@+-])(\d+) ([a-z][\w-]*)", re.I)
MORE_RE = re.compile(r"\(\+(\d+) more\)")


def mark_derived_counts(sentence: str, view_lower: str) -> str:
    """A parser's highlight made from a view: each count in it the view does not print in the same words
    (`installed 12 packages` counted from a list, `packages: 3 ok` from `ok` lines) becomes "at least N"."""
    def mark(m: re.Match) -> str:
        return m.group(0) if m.group(0).lower() in view_lower else f"at least {m.group(0)}"

    sentence = COUNT_PHRASE_RE.sub(mark, sentence)
    return MORE_RE.sub(lambda m: f"(+at least {m.group(1)} more)", sentence)

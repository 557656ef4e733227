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

# The words a tool uses for a count key, besides the key's own first letters (`fail` for failed/failures).
WORDS = {
    "total": r"total|tests?|ran|run|items|collected|examples|cases",
    "passed": r"pass|ok\b|succe|green",
    "errors": r"erro|problem",
    "failed": r"fail|not ok|broken|red\b",
    "warnings": r"warn",
    "skipped": r"skip|pending|ignored",
}
NUMBER_EDGE = r"(?<![\w.:/#@+-]){n}(?![\w/@+-]|[.:,]\d)"


@lru_cache(maxsize=256)
def _stated_re(key: str, value: int) -> re.Pattern:
    words = WORDS.get(key, re.escape(key[:4]))
    number = NUMBER_EDGE.format(n=value)
    # `3000 warnings`, `2 tests failed`, `(5000 errors,` / `Failures: 2`, `# fail 1`, `failed=2`, `tests 3`
    return re.compile(rf"{number}[ \t]+(?:[\w-]+[ \t]+)?(?:{words})|(?:{words})\w*[\"']?[ \t]*[:=]?[ \t]*{number}", re.I)


def stated(key: str, value: int, text: str) -> bool:
    """Whether `text` prints `value` as a tally of `key` (a count the tool made, not one made by counting lines)."""
    return _stated_re(key, value).search(text) is not None


def lower_bounds(counts: dict[str, int], text: str) -> list[str]:
    """The keys of `counts` (parsed from a view, `text`) that the view does not state as the tool's own tally."""
    return [key for key, value in counts.items() if value and not stated(key, value, text)]

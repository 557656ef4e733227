"""Small helpers shared by the parsers."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.types import TestFailure

# `path:line:col: severity: message` as printed by gcc, clang, mypy, tsc --pretty false, ruff, go vet... (a path starts at
# its token's start: a long word without `:N` was rescanned from every character, quadratic)
FILE_LINE_RE = re.compile(r"(?<![\w./\\@+~-])(?P<file>[\w./\\@+~-]*\w\.[\w]+):(?P<line>\d+)(?::(?P<col>\d+))?")


def iter_lines(text: str):
    """Lines one at a time, without a list of them (or io.StringIO's 4-bytes-a-character copy)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end + 1


def last_match(pattern: re.Pattern, text: str) -> re.Match | None:
    """The last match of `pattern` in `text` (a run's closing tally: earlier ones are of suites or progress)."""
    match = None
    for match in pattern.finditer(text):
        pass
    return match


def clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def by_level(label: str, per_level: dict[str, int], order: tuple[str, ...], noun: str = "") -> str:
    """A tool's findings by its own levels, in `order`, and their sum when there are several:
    `rubocop offenses by severity: warning 1, convention 6 (7 offenses in all)`."""
    levels = [level for level in order if per_level.get(level)]
    said = f"{label}: " + ", ".join(f"{level} {per_level[level]}" for level in levels)
    total = sum(per_level[level] for level in levels)
    return said + f" ({total} {noun + ' ' if noun else ''}in all)" if len(levels) > 1 else said


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 file`, `3 files`: the count with its noun in the number it takes (`many` when adding an s is wrong)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


COUNT_WORDS = {
    "passed": "passed", "pass": "passed", "passing": "passed", "ok": "passed", "succeeded": "passed",
    "failed": "failed", "fail": "failed", "failing": "failed", "failures": "failed", "failure": "failed",
    "skipped": "skipped", "skip": "skipped", "skips": "skipped", "ignored": "skipped", "pending": "skipped",
    "todo": "todo", "deselected": "deselected", "xfailed": "xfailed", "xpassed": "xpassed",
    "error": "errors", "errors": "errors", "warning": "warnings", "warnings": "warnings",
    "cancelled": "cancelled", "rerun": "rerun", "total": "total", "tests": "total",
}


# A count, with optional thousands separators ("1,234"); "2, errors" is the number 2, not 2-comma.
_NUMBER = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"


# Two-word counts read before the one-word ones: unittest's "expected failures=1" is an xfail, not a failure.
COUNT_PHRASES = re.compile(rf"(?:({_NUMBER})\s+)?\b(expected failures?|unexpected success(?:es)?)\b(?:\s*[=:]\s*({_NUMBER}))?", re.I)


# A runner's own line for one failing test: `FAIL parseRounding: expected <29> but was <28>`, `[FAIL] test_sub - why`,
# `FAILED: Money.format`, `✗ rounds half up`. The name ends at `: ` or ` - ` (what follows is the reason).
MARKED_FAILURE_RE = re.compile(
    r"^[ \t]*(?:\[\s*FAIL(?:ED)?\s*\]:?|FAIL(?:ED)?:?|[✗✘×❌])[ \t]+(?P<name>[^\s:](?:[^:\n]*?[^\s:])??)(?:(?::|[ \t]+-)[ \t]+(?P<reason>\S.*?))?[ \t]*:?$",
    re.M,
)
MARKED_NAME_CHARS = 120


def marked_failures(text: str, limit: int = 50) -> list[TestFailure]:
    """Each failing test a hand-written runner marks with FAIL / [FAIL] / ✗ (the first `limit`: the tally counts them all)."""
    failures = []
    for m in MARKED_FAILURE_RE.finditer(text):
        if len(m["name"]) <= MARKED_NAME_CHARS and len(failures) < limit:
            failures.append(TestFailure(m["name"], clip(m["reason"], 200) if m["reason"] else None))
    return failures


def parse_count_list(text: str) -> dict[str, int]:
    """'2 failed, 5 passed, 1 skipped' or 'failures=1, errors=1' -> {'failed': 2, 'passed': 5, ...}."""
    counts: dict[str, int] = {}

    def phrase(match: re.Match) -> str:
        number = match.group(1) or match.group(3)
        if number is None:
            return match.group(0)
        key = "xfailed" if match.group(2).lower().startswith("expected") else "xpassed"
        counts.setdefault(key, int(number.replace(",", "")))
        return " "

    text = COUNT_PHRASES.sub(phrase, text)
    for number, word in re.findall(rf"({_NUMBER})\s+([A-Za-z]+)", text):
        key = COUNT_WORDS.get(word.lower())
        if key and key not in counts:
            counts[key] = int(number.replace(",", ""))
    for word, number in re.findall(rf"([A-Za-z]+)\s*[=:]\s*({_NUMBER})", text):
        key = COUNT_WORDS.get(word.lower())
        if key and key not in counts:
            counts[key] = int(number.replace(",", ""))
    return counts

"""Counts a gist sentence relates to one another or to a name, checked against ONE evidence line or the facts' lists.

claims.py asks whether each count is said somewhere; a small model pairs real counts wrongly: "1 passed and 3 failed"
after "3 passed, 1 failed" (each number is somewhere), one target's passes told with the whole run's failures, "5 errors
in 3 files" after "Found 5 errors in 2 files (checked 3 source files)", "1 error in app.js" when app.js had 2.
"""

from __future__ import annotations

import re

from terminus_edge.summarize.claims import COUNT_RE, count_claims
from terminus_edge.summarize.evidence import Line, name_in, number_in, plain
from terminus_edge.summarize.facts.types import Facts

PER_NAME_RE = re.compile(r"\b(\d+)[ \t]+(?:(errors?|warnings?|failures?|tests?)[ \t]+)?(?:in|at|from)[ \t]+([\w./-]*\w)", re.I)


def wrong_counts_per_name(sentence: str, facts: Facts, lines: list[Line]) -> list[str]:
    """ "4 errors in app.js", "and 1 in report.py": the facts must hold that many of the kind for that name (its
    diagnostics or failing tests), or one line must say the number with the name."""
    wrong, noun = [], ""
    for m in PER_NAME_RE.finditer(sentence):
        n, noun, name = int(m.group(1)), (m.group(2) or noun).lower(), plain(m.group(3))
        if not noun:
            continue
        if noun.startswith(("error", "warning")):
            severity = noun[:5] if noun.startswith("error") else "warning"
            items = [d.location() for d in facts.diagnostics
                     if (d.severity == severity or severity == "warning" and d.severity != "error")]
        else:
            items = [f"{f.name} {f.location or ''}" for f in facts.failures]
        held = sum(1 for item in items if name_in(name, plain(item)))
        if held != n and not any(number_in(str(n), line.text) and name_in(name, line.text) for line in lines):
            wrong.append(m.group(0))
    return wrong


# What a tally line calls each outcome it counts ("2 passed", "Fail: 2", "ok: 1", "failures=1", "3 errors").
OUTCOME_WORDS = {"passed": r"pass\w*|ok|succe\w*", "failed": r"fail\w*", "skipped": r"skip\w*", "ignored": r"ignored",
                 "errors": r"err\w*", "warnings": r"warn\w*"}
# "2 passed", "1 was skipped": a count whose outcome is its own word, with no noun for claims.COUNT_RE to read
BARE_COUNT_RE = re.compile(r"(?<![\w.,:/#-])(\d+)[ \t]+(?:(?:were|was|are|is)[ \t]+)?(pass\w*|fail\w*|skip\w*|ignored|err\w*|warn\w*)\b",
                           re.I)


def _outcome_counts(sentence: str) -> dict[tuple[int, str], str]:
    counts = {(n, category): text for text, n, category, _ in count_claims(sentence) if category in OUTCOME_WORDS}
    counted = [m.span() for m in COUNT_RE.finditer(sentence)]
    for m in BARE_COUNT_RE.finditer(sentence):
        if not any(a <= m.start() < b for a, b in counted):
            word = m.group(2).lower()
            category = next(c for c, pattern in OUTCOME_WORDS.items() if re.fullmatch(pattern, word))
            counts[(int(m.group(1)), category)] = m.group(0)
    return counts


def _bound(n: int, category: str, text: str) -> bool:
    word, number = OUTCOME_WORDS[category], rf"(?<![\w./]){n}(?![\w.]*\w)"
    return re.search(rf"{number}[ \t]+(?:[\w-]{{1,30}}[ \t]+)?(?:{word})\b|\b(?:{word})[ \t]*[:=][ \t]*{number}", text) is not None


def counts_said_apart(sentence: str, lines: list[Line]) -> list[str]:
    """ "2 passed and 3 failed": counts of two outcomes or more, each bound to its outcome's word, must be ONE line's (a
    tally line, the facts' count line). Each said somewhere is not enough: the two swapped, or one target's passes told
    with the whole run's failures, are each said somewhere."""
    counts = _outcome_counts(sentence)
    if len({category for _, category in counts}) < 2 or any(all(_bound(n, c, line.text) for n, c in counts) for line in lines):
        return []
    return [" and ".join(dict.fromkeys(counts.values()))]


# "5 errors in 2 files", "3 failures across 2 suites": a count of things within a count of their containers
NESTED_COUNT_RE = re.compile(r"(?<![\w.,:/#-])(\d+)[ \t]+(?:[a-z-]+[ \t]+)??([a-z]{3,})[ \t]+(?:in|across|over|from)[ \t]+"
                             r"(\d+)[ \t]+([a-z-]{3,})(?:[ \t]+([a-z]{3,}))?\b", re.I)


def _stem(word: str) -> str:
    return re.escape(word[: max(4, len(word) - 3)].lower())


def nested_counts_apart(sentence: str, lines: list[Line]) -> list[str]:
    """The two counts of "5 errors in 3 files" must be one line's, said the same way: "Found 5 errors in 2 files (checked 3
    source files)" has both numbers and both words, but 3 counts the files checked, not the files with errors."""
    wrong = []
    for m in NESTED_COUNT_RE.finditer(sentence):
        a, what, b = m.group(1), _stem(m.group(2)), m.group(3)
        within = "|".join(_stem(w) for w in m.groups()[3:] if w)  # "in 2 files" or "in 2 source files"
        said = re.compile(rf"(?<![\w.]){a}[ \t]+(?:[\w-]+[ \t]+)?{what}\w*[ \t]+(?:in|across|over|from)[ \t]+{b}[ \t]+"
                          rf"(?:[\w-]+[ \t]+)?(?:{within})")
        if not any(said.search(line.text) for line in lines):
            wrong.append(m.group(0))
    return wrong

"""How a summary lists diagnostics (`path:line:col [severity] CODE: message`): one line each, the likely bugs and one of
each code first when only some can be shown, and which codes fired ('codes: E0308 ×3, E0277 ×2')."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.types import Diagnostic


def diagnostic_lines(diagnostics: list[Diagnostic]) -> list[str]:
    """`path:line:col [severity] CODE: message`; a file already named is shortened to its basename.

    Errors carry no label; anything else says what it is (warning, info, style, convention, refactor, note).
    """
    lines, seen_files = [], set()
    for d in diagnostics:
        location = d.location()
        if d.file and d.file in seen_files and "/" in d.file:
            location = location[len(d.file) - len(d.file.rsplit("/", 1)[1]):]
        if d.file:
            seen_files.add(d.file)
        label = " ".join(x for x in (d.severity if d.severity != "error" else "", d.code or "") if x)
        message = d.message.rstrip(".")
        lines.append(f"{location} {label}: {message}".strip() if label else f"{location}: {message}" if location else message)
    return lines


LEAD_PER_CODE = 2


def one_of_each_code_first(diagnostics: list[Diagnostic], lead: int = LEAD_PER_CODE) -> list[Diagnostic]:
    """The first diagnostics of each code (`lead` of them: two show a rule's spread over files), then the
    rest in their order: 357 E501s must not hide the one B904."""
    firsts, rest, seen = [], [], {}
    for d in diagnostics:
        seen[d.code] = seen.get(d.code, 0) + 1
        (firsts if seen[d.code] <= lead else rest).append(d)
    return firsts + rest


# The pycodestyle / pyflakes codes flake8's docs single out as the ones that break a build ("syntax errors or
# undefined names": E9, F63, F7, F82). Ruff and flake8 call every finding an error; these go first, so an
# undefined name is never behind import-order and style findings when only a few can be shown.
# eslint's counterparts: an undefined name, code that cannot run, a duplicate key or case.
# clang-tidy's path-sensitive analyzer and bugprone checks (a leak, a use after free) before its readability checks.
LIKELY_BUG_CODE_RE = re.compile(
    r"^(?:E9\d\d|F63\d|F7\d\d|F82\d|no-undef|no-unreachable|no-dupe-keys|no-duplicate-case|clang-analyzer-[\w.-]+|bugprone-[\w-]+)$")


def codes_phrase(diagnostics: list[Diagnostic], partial: bool = False) -> str:
    """Which codes/rules fired, most frequent first: 'E0308 ×3, E0277 ×2'. `partial`: the diagnostics come from a
    view of a large output, so the numbers are of the lines read, and say so."""
    counts: dict[str, int] = {}
    for d in diagnostics:
        if d.code:
            counts[d.code] = counts.get(d.code, 0) + 1
    if len(counts) < 2 and sum(counts.values()) < 3:
        return ""
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    lead = "codes (counted in the lines read): " if partial else "codes: "
    return lead + ", ".join(f"{code} ×{n}" if n > 1 else code for code, n in ranked[:10])

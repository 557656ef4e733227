"""Adversarial texts for the regex sweep: whole-output storms, and samples built from one pattern's own literal runs
and character classes (long runs of one character, of a separator, a literal repeated, a literal followed by a run,
many short lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as C, _parser as sre_parse


@dataclass(frozen=True)
class Sample:
    """prefix + unit repeated to about `size` characters + suffix."""
    name: str
    unit: str
    prefix: str = ""
    suffix: str = ""

    def build(self, size: int) -> str:
        return self.prefix + self.unit * max(1, size // max(1, len(self.unit))) + self.suffix


# Whole-output storms for the entry points; each is also a per-pattern sample. The last ones are the worst cases
# the sweep found (see the module's git history): each reached a superlinear pattern through an entry point.
STORMS = (
    Sample("blank lines", "\n", suffix="\nerror: boom\n"),
    Sample("indented blank lines", "   \n\t\n", suffix="\nerror: boom\n"),
    Sample("one line of spaces", " ", suffix='File "x", line 1\nerror: boom\n'),
    Sample("tabs", "\t", suffix="x\nerror: boom\n"),
    Sample("colon-space", ": ", suffix="x\nerror: boom\n"),
    Sample("word run then bang", "a", suffix="!\nerror: boom\n"),
    Sample("words and spaces", "a ", suffix="!\nerror: boom\n"),
    Sample("short lines", "a\n", suffix="error: boom\n"),
    Sample("error lines", "error: x\n"),
    Sample("path-like", "a/", suffix=":1: error\n"),
    Sample("dots", ".", suffix="\nerror: boom\n"),
    Sample("dashes", "-", suffix="\nerror: boom\n"),
    Sample("equals", "=", suffix="\nerror: boom\n"),
    Sample("key=value", "a=b ", suffix="\nerror: boom\n"),
    Sample("digits", "0", suffix="\nerror: boom\n"),
    Sample("quotes", "'", suffix="\nerror: boom\n"),
    Sample("brackets", "[", suffix="\nerror: boom\n"),
)
STORM_CHARS = 50_000


_CATEGORY_CHARS = {
    C.CATEGORY_DIGIT: "09", C.CATEGORY_NOT_DIGIT: "a", C.CATEGORY_WORD: "a_0", C.CATEGORY_NOT_WORD: " -",
    C.CATEGORY_SPACE: " \t\n", C.CATEGORY_NOT_SPACE: "a/",
}


def _scan(parsed, chars: list[str], runs: list[str]) -> None:
    run = ""
    for op, arg in parsed:
        if op is C.LITERAL:
            run += chr(arg)
            chars.append(chr(arg))
            continue
        if run:
            runs.append(run)
            run = ""
        if op is C.IN:
            for item_op, item in arg:
                if item_op is C.LITERAL:
                    chars.append(chr(item))
                elif item_op is C.RANGE:
                    chars += [chr(item[0]), chr(item[1])]
                elif item_op is C.CATEGORY:
                    chars += list(_CATEGORY_CHARS.get(item, ""))
        elif op is C.ANY:
            chars += ["a", " "]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            _scan(arg[2], chars, runs)
        elif op is C.SUBPATTERN:
            _scan(arg[3], chars, runs)
        elif op is C.BRANCH:
            for branch in arg[1]:
                _scan(branch, chars, runs)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _scan(arg[1], chars, runs)
        elif op is C.ATOMIC_GROUP:
            _scan(arg, chars, runs)
        elif op is C.GROUPREF_EXISTS:
            _scan(arg[1], chars, runs)
            if arg[2]:
                _scan(arg[2], chars, runs)
    if run:
        runs.append(run)


def samples_for(pattern: re.Pattern, max_chars: int = 14, max_runs: int = 8) -> list[Sample]:
    chars: list[str] = []
    runs: list[str] = []
    try:
        _scan(sre_parse.parse(pattern.pattern, pattern.flags), chars, runs)
    except Exception:  # noqa: BLE001
        pass
    alphabet = list(dict.fromkeys(chars + [" ", "\t", "a", ":", "0"]))[:max_chars]
    breaker = next(c for c in "\x01!~#§" if c not in alphabet)
    runs = sorted(dict.fromkeys(r for r in runs if r.strip() or len(r) > 1), key=len, reverse=True)[:max_runs]
    out = list(STORMS)
    for c in alphabet:
        out += [Sample(f"run {c!r}", c), Sample(f"run {c!r}+breaker", c, suffix=breaker),
                Sample(f"run {c!r}+newline+x", c, suffix="\nx"), Sample(f"{c!r}+space pairs", c + " ", suffix=breaker),
                Sample(f"{c!r} lines", c + "\n")]
    for r in runs:
        out += [Sample(f"literal {r!r} repeated", r, suffix=breaker), Sample(f"literal {r!r} spaced", r + " ", suffix=breaker),
                Sample(f"literal {r!r} lines", r + "\n"), Sample(f"a+literal {r!r}", "a" + r, suffix=breaker)]
        out += [Sample(f"literal {r!r} then run {c!r}", c, prefix=r, suffix=breaker) for c in alphabet]
    return list(dict.fromkeys(out))

"""The lines a gist's claims are checked against, each with the outcomes it states.

A fact the parsers structured (a diagnostic, a failing test, a missing item, a traceback) is one line carrying its own
outcome (the diagnostic's severity, the failure's kind); every fact line and output line is one more, its outcomes
read from its words. relations.py asks whether one of these lines relates the pieces of a claim the way the claim does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from terminus_edge.summarize.facts.types import Facts

QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'"})
# What a line says happened, read from its words ("FAILED", "error:", "Timeout", "not found", "passed", "warning").
LINE_OUTCOMES = {
    "failed": re.compile(r"\bx?fail\w*|\bcrash\w*|\bpanic\w*|\babort\w*|could ?n[o']t|\bcannot\b|can't|\bunable\b|\bkilled\b|"
                         r"segfault|\bsig(?:segv|abrt|kill|term)\b|\brefused\b|\bdenied\b|\bfatal\b", re.I),
    "error": re.compile(r"\berr(?:or|ored|ors)?\b|[a-z]error\b|exception\b|\btraceback\b", re.I),
    "passed": re.compile(r"\b(?:pass(?:ed|es|ing)?|ok|succe\w*|compiled|built|finished|installed|cleanly)\b", re.I),
    "warning": re.compile(r"\bwarn\w*", re.I),
    "skipped": re.compile(r"\b(?:skip\w*|ignored|pending|todo)\b", re.I),
    "missing": re.compile(r"\bmissing\b|\bnot (?:found|installed|defined|declared|run)\b|\bno such\b|\bno matching\b|"
                          r"(?:cannot|can't|could ?n[o']t|unable to) (?:be )?(?:find|found|locate|resolve)|"
                          r"\bdoes ?n[o']t exist|\bundefined\b|\bundeclared\b|\bunknown\b|\bunresolved\b", re.I),
    "timeout": re.compile(r"\btim(?:ed|es|ing)?[ -]?out\b|\btimeouts?\b", re.I),
    "conflict": re.compile(r"\bconflict\w*", re.I),
}
LESSER = frozenset({"warning", "info", "note", "style", "convention", "refactor", "hint", "finding"})


@dataclass
class Line:
    text: str  # lowercased, quotes made plain
    outcomes: frozenset[str] | None = None  # None: read from the text when first asked

    def said(self) -> frozenset[str]:
        if self.outcomes is None:
            self.outcomes = frozenset(name for name, pattern in LINE_OUTCOMES.items() if pattern.search(self.text))
        return self.outcomes


def plain(text: str) -> str:
    return text.translate(QUOTES).lower()


def _structured(facts: Facts) -> Iterator[Line]:
    for d in facts.diagnostics:
        severity = "warning" if d.severity in LESSER else d.severity
        yield Line(plain(f"{d.location()} {d.code or ''} {d.message}"), frozenset({severity}))
    for f in facts.failures:
        text = plain(f"{f.name} {f.reason or ''} {f.location or ''}")
        kind = {"failed", "error"} if f.kind == "error" else {"failed"}
        yield Line(text, frozenset(kind) | Line(text).said() - {"passed"})
    for item in facts.missing:
        yield Line(plain(item), frozenset({"missing", "failed"}))
    for item in facts.steps:
        yield Line(plain(item), frozenset({"failed"}))
    for item in facts.conflicts:
        yield Line(plain(item), frozenset({"conflict", "failed"}))
    if facts.traceback:
        t = facts.traceback
        yield Line(plain(f"{t.exc_type}: {t.message} {t.file or ''}:{t.line or ''} {t.function or ''}"),
                   frozenset({"error", "failed"}))


def evidence_lines(facts: Facts, facts_text: str, output_text: str) -> Iterator[Line]:
    """Structured facts first (their outcome is the parser's, not a guess from words), then fact and output lines."""
    yield from _structured(facts)
    for text in (facts_text, output_text):
        for line in plain(text).splitlines():
            if line.strip():
                yield Line(line)


# A claimed outcome and the line outcomes that support it: a test said to fail may have errored or timed out, a
# warning is no error, an error is no warning, a pass is only a pass.
SUPPORTS = {
    "failed": {"failed", "error", "missing", "timeout", "conflict"},
    "error": {"error", "failed", "missing"},
    "warning": {"warning"},
    "passed": {"passed"},
    "skipped": {"skipped"},
    "missing": {"missing"},
    "timeout": {"timeout"},
    "conflict": {"conflict"},
}


def supports(line: Line, claimed: set[str]) -> bool:
    """Whether the line states every outcome claimed (each through one of the outcomes that support it)."""
    said = line.said()
    return all(said & SUPPORTS[outcome] for outcome in claimed)


def number_in(value: str, text: str) -> bool:
    """The number as a number of `text`: not a digit of another, not "-3" for "3"."""
    sign = "" if value.startswith("-") else "(?<!-)"
    return re.search(rf"(?<![\w.]){sign}{re.escape(value)}(?![\w.]*\w)", text) is not None


def name_in(name: str, text: str) -> bool:
    """A path, test id or identifier of a claim in `text` (a lowercased evidence line)."""
    if name in text:
        return True
    tail = name.rsplit("/", 1)[-1]  # src/main.ts:4 said where a fact line has main.ts:4
    return "/" in name and ("." in tail or ":" in tail) and tail in text

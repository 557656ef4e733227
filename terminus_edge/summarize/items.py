"""The facts as summary items, in the order they must appear: (kind, text, spread, group). Kind `error` items are
never silently dropped (compose.py packs them first and counts what it leaves out); `group` says what a left-out
item is counted as (omitted.py)."""

from __future__ import annotations

import re

from terminus_edge.summarize.diagnostic_lines import (
    LEAD_PER_CODE, LIKELY_BUG_CODE_RE, codes_phrase, diagnostic_lines,
)
from terminus_edge.summarize.facts.types import Facts, TestFailure
from terminus_edge.summarize.omitted import DETAIL, ERROR, FAILED, TEST_ERROR, WARNING

CODES = "codes"  # the kind of the 'codes: …' item: worth its tokens only when some diagnostics are left out


def fact_items(facts: Facts, spread_codes: bool = False) -> list[tuple[str, str]]:
    """(kind, text) in the order they must appear; kind 'error' items are never silently dropped.

    `spread_codes` puts the first diagnostic of each code before the rest (for when they cannot all be shown).
    """
    return [(kind, text) for kind, text, _, _ in grouped_items(facts, spread_codes)]


Item = tuple[str, str, bool, str]  # (kind, text, spread, group): see grouped_items
MAX_REASON_LEADS = 5  # failures shown with their reasons before the diagnostics' first of each code


def grouped_items(facts: Facts, spread_codes: bool = False) -> list[Item]:
    """(kind, text, spread, group): `spread` marks the items (failures, diagnostics) reordered when not all can be
    shown; `group` (omitted.NOUNS) is what an item left out is counted as.

    `spread_codes` (not all can be shown) goes breadth first: the first failures of each reason and diagnostics of
    each code (or message, when they have none), then the other facts, then the rest of the failures (by name
    alone: 50 names say more than 6 names with 6 reasons) and of the errors, and last the findings below error
    level. One process's 50 failed tests must not crowd out another's type errors.
    """
    items: list[Item] = []
    if facts.binary:
        items.append(("error", f"binary output, {facts.n_bytes} bytes", False, ERROR))
    if facts.waiting_for_input:
        prompt = f' at prompt "{facts.input_prompt}"' if facts.input_prompt else ""
        items.append(("error", f"waiting for input{prompt}; no answer was given", False, ERROR))
    if facts.stopped_early:
        items.append(("error", "stopped early, remaining tests not run", False, ERROR))
    items += [("error", text, False, ERROR) for text in facts.steps]
    failures, rest_failures = _leads(facts.failures, _reason_shape) if spread_codes else (facts.failures, [])
    if spread_codes and facts.diagnostics:  # a linter's or compiler's findings beside them get their turn too
        failures, rest_failures = failures[:MAX_REASON_LEADS], failures[MAX_REASON_LEADS:] + rest_failures
        rest_failures.sort(key=facts.failures.index)
    items += [_failure_item(f, brief=False) for f in failures]
    if facts.traceback:
        tb = facts.traceback
        where = f" at {tb.file}:{tb.line}" if tb.file else ""
        func = f" in {tb.function}()" if tb.function and not tb.function.startswith("<") else (f" in {tb.function}" if tb.function else "")
        message = f": {tb.message}" if tb.message else ""
        items.append(("error", f"{tb.exc_type}{message}{where}{func}", False, ERROR))
    items += [("error", f"missing {text}", False, ERROR) for text in facts.missing]
    items += [("error", f"conflict: {text}", False, ERROR) for text in facts.conflicts]
    errors = [d for d in facts.diagnostics if d.severity == "error"]
    # warnings before the lesser levels (info, style, convention...), each in output order
    others = sorted((d for d in facts.diagnostics if d.severity != "error"),
                    key=lambda d: (d.severity != "warning", not LIKELY_BUG_CODE_RE.match(d.code or "")))
    rest_errors: list = []
    rest_others: list = []
    if spread_codes:
        (errors, rest_errors), (others, rest_others) = _leads(errors, _code), _leads(others, _code)
    codes = codes_phrase(facts.diagnostics, facts.partial)
    if codes:
        items.append((CODES, codes, False, DETAIL))
    items += _error_items(errors)
    items += [("error", text, False, ERROR) for text in facts.errors]
    items += [("info", text, False, DETAIL) for text in facts.highlights]
    items += [_failure_item(f, brief=True) for f in rest_failures] + _error_items(rest_errors)
    items += _other_items(others) + _other_items(rest_others)  # findings below error level after every error
    return _dedupe(items)


def _failure_item(f: TestFailure, brief: bool) -> Item:
    label = "ERROR" if f.kind == "error" else "FAILED"
    reason = f": {f.reason}" if f.reason and not brief else ""
    where = f" [{f.location}]" if f.location and f.location not in f.name and not brief else ""
    return "error", f"{label} {f.name}{reason}{where}", True, TEST_ERROR if f.kind == "error" else FAILED


def _error_items(errors: list) -> list[Item]:
    errors = sorted(errors, key=lambda d: not LIKELY_BUG_CODE_RE.match(d.code or ""))  # stable: output order otherwise
    return [("error", line, True, ERROR) for line in diagnostic_lines(errors)]


def _other_items(others: list) -> list[Item]:
    return [("warning", line, True, WARNING if d.severity == "warning" else DETAIL) for d, line in zip(others, diagnostic_lines(others))]


DEDUPE_CHARS = 20_000  # only the first items can reach the summary; comparing thousands would be quadratic
_CORE_END_RE = re.compile(r" at /| at [\w.-]+:\d| \[")


def _dedupe(items: list[Item]) -> list[Item]:
    """Drop an item whose core (before ' at ' / ' [') an earlier item already states."""
    out: list[Item] = []
    seen = ""  # the earlier items, lowercased, one per line
    for item in items:
        text = item[1]
        if len(seen) < DEDUPE_CHARS:
            core = _CORE_END_RE.split(text, maxsplit=1)[0].strip().lower()
            if len(core) >= 12 and core in seen:
                continue
            seen += text.lower() + "\n"
        out.append(item)
    return out


def one_of_each_reason_first(failures: list[TestFailure], lead: int = LEAD_PER_CODE) -> list[TestFailure]:
    """The first failures of each reason (numbers aside: `value 3 is bad` is `value 10 is bad`), then the rest in
    their order: 430 failures of one assertion must not hide the one KeyError behind "+423 more"."""
    firsts, rest = _leads(failures, _reason_shape, lead)
    return firsts + rest


def _reason_shape(f: TestFailure) -> tuple[str, str]:
    return f.kind, re.sub(r"\d+", "#", f.reason or "")


def _code(d) -> str:
    """A diagnostic's code, or without one (gcc's errors) its message's shape: names and numbers aside."""
    return d.code or re.sub(r"‘[^’]*’|'[^']*'|\"[^\"]*\"|`[^`]*`|\d+", "#", d.message)


def _leads(things: list, shape, lead: int = LEAD_PER_CODE) -> tuple[list, list]:
    """The first `lead` of each shape, and the others, each in their order."""
    firsts, rest, seen = [], [], {}
    for thing in things:
        key = shape(thing)
        seen[key] = seen.get(key, 0) + 1
        (firsts if seen[key] <= lead else rest).append(thing)
    return firsts, rest

"""Python unittest (and Django/twisted-style runners printing the same blocks)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, last_match, parse_count_list
from terminus_edge.summarize.facts.pytraceback import parse_tracebacks
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "unittest"
COMMAND_RE = re.compile(r"\b(unittest|manage\.py test|setup\.py test|nose2?|green)\b")
OUTPUT_RE = re.compile(r"^Ran \d+ tests? in [\d.]+s$", re.M)

RAN_RE = re.compile(r"^Ran (\d+) tests? in [\d.]+s$", re.M)
RESULT_RE = re.compile(r"^(OK|FAILED)(?: \((.*)\))?$", re.M)
# `FAIL: test_rates (pkg.mod.Class.test_rates)`, a subTest adding its message and parameters: `… [msg] (net=3, rate=0.1)`
BLOCK_RE = re.compile(r"^(FAIL|ERROR): (\S+)(?: \(([^)]*)\))?((?: \[[^\]\n]*\])?(?: \([^\n=]*=[^\n]*\))?)$", re.M)
SEPARATOR = re.compile(r"^(?:=|-){20,}$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    ran = RAN_RE.search(text)
    result = last_match(RESULT_RE, text)
    if ran:
        total = int(ran.group(1))
        counts = parse_count_list(result.group(2) or "") if result else {}
        failed, errors = counts.get("failed", 0), counts.get("errors", 0)
        ordered = {"total": total, "failed": failed, "errors": errors}
        if "skipped" in counts:
            ordered["skipped"] = counts["skipped"]
        for key in ("xfailed", "xpassed"):
            if key in counts:
                ordered[key] = counts[key]
        unpassed = failed + errors + sum(counts.get(key, 0) for key in ("skipped", "xfailed", "xpassed"))
        ordered["passed"] = max(total - unpassed, 0)
        facts.counts = ordered
    for match in BLOCK_RE.finditer(text):
        kind, method, where, subtest = match.groups()
        name = f"{where}" if where and method in where else (f"{where}.{method}" if where else method)
        name += subtest  # which subTest failed: its message and parameters
        body = text[match.end():]
        end = re.search(r"^(?:={20,}|-{20,}\nRan )", body, re.M)
        block = body[: end.start()] if end else body
        block = SEPARATOR.sub("", block, count=1)
        tracebacks = parse_tracebacks(block)
        reason, location = None, None
        if tracebacks:
            tb = tracebacks[0]
            reason = clip(f"{tb.exc_type}: {tb.message}" if tb.message else tb.exc_type, 200)
            location = f"{tb.file}:{tb.line}" if tb.file else None
        facts.failures.append(TestFailure(name, reason, location, "error" if kind == "ERROR" else "failed"))
    return facts

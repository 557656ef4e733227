"""Elixir's ExUnit (`mix test`): numbered failures `  1) test vat default rate (InvoiceTest)` with the test's
`file:line` and the reason on the lines below, and the tally `5 tests, 2 failures, 1 skipped` (also `N doctests,`,
`N properties,`, `N excluded`, `N invalid`). rebar3 prints EUnit's failures in the same layout, named `  1) mod_tests:name_test/0`
with `Failure/Error: …` and `expected:` / `got:` below."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, last_match
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "exunit"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(mix test|rebar3 eunit)\b")
OUTPUT_RE = re.compile(r"^(?:\d+ (?:doctests?|properties), )*\d+ tests?, \d+ failures?(?:, \d+ \w+)*$", re.M)

TALLY_RE = re.compile(r"^((?:\d+ (?:doctests?|properties), )*\d+ tests?, \d+ failures?(?:, \d+ \w+)*)$", re.M)
HEAD_RE = re.compile(r"^[ \t]+\d+\) (?P<name>(?:test|doctest|property) .+?) \((?P<module>[\w.]+)\)$", re.M)
EUNIT_HEAD_RE = re.compile(r"^[ \t]+\d+\) (?P<name>\w+:\w+/\d+)$", re.M)
EUNIT_DETAIL_RE = re.compile(r"^[ \t]+(Failure/Error|expected|got): (.+)$")
PLACE_RE = re.compile(r"^[ \t]+(\S+\.exs?):(\d+)$")
BLOCK_LINES = 12
BLOCK_CHARS = 4000  # read this far below a failure's head: slicing the rest of a large output per failure is quadratic


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    tally = last_match(TALLY_RE, text)
    if tally:
        named = {}
        for number, word in re.findall(r"(\d+) (\w+)", tally.group(1)):
            named[word.rstrip("s") if word not in ("properties",) else "property"] = int(number)
        tests = named.get("test", 0) + named.get("doctest", 0) + named.get("property", 0)
        failed = named.get("failure", 0)
        skipped = named.get("skipped", 0) + named.get("excluded", 0)
        facts.counts = {"total": tests, "failed": failed, "passed": max(tests - failed - skipped - named.get("invalid", 0), 0)}
        if skipped:
            facts.counts["skipped"] = skipped
        if named.get("invalid"):
            facts.highlights.append(f"{named['invalid']} invalid (setup_all failed)")
    for m in HEAD_RE.finditer(text):
        lines = text[m.end(): m.end() + BLOCK_CHARS].splitlines()[1:BLOCK_LINES]
        where, reason = None, None
        for line in lines:
            place = PLACE_RE.match(line)
            if place and where is None:
                where = f"{place.group(1)}:{place.group(2)}"
            elif line.strip() and reason is None and not place:
                reason = clip(line.strip(), 200)
            if where and reason:
                break
        facts.failures.append(TestFailure(f"{m['name']} ({m['module']})", reason, where))
    for m in EUNIT_HEAD_RE.finditer(text):
        details = dict(d.groups() for line in text[m.end(): m.end() + BLOCK_CHARS].splitlines()[1:6] if (d := EUNIT_DETAIL_RE.match(line)))
        reason = details.get("Failure/Error", "")
        if "expected" in details:
            reason += f" (expected {details['expected']}, got {details.get('got', '?')})"
        facts.failures.append(TestFailure(m["name"], clip(reason, 200) or None))
    return facts

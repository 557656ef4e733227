"""Haskell test libraries' reports: hspec's `Failures:` blocks (`  Spec.hs:12:15:` then `  1) mean is zero for an
empty list` and its `expected:` / `but got:` lines; its tally `8 examples, 3 failures, 1 pending` is rspec.py's, the
same words) and HUnit's `### Failure in: 1:median of three` / `### Error in:   3:parse bad` with the place and reason
under them, counted by its last `Cases: 4  Tried: 4  Errors: 1  Failures: 2` line (a `cabal test` suite prints it too)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "hstest"
COMMAND_RE = re.compile(r"(?!)")  # a test executable of any name: recognized by its output
OUTPUT_RE = re.compile(r"^  To rerun use: --match |^### (?:Failure|Error) in: |^Cases: \d+  Tried: \d+  Errors: \d+  Failures: \d+", re.M)

HSPEC_HEAD_RE = re.compile(r"^  (?:(?P<place>\S+\.l?hs:\d+(?::\d+)?):[ \t]*\n)?  \d+\) (?P<name>.+)\n(?P<body>(?:(?:[ \t]{5,}.*)?\n)*)", re.M)
HUNIT_HEAD_RE = re.compile(r"^### (?P<kind>Failure|Error) in: +(?P<name>.+)\n(?P<body>(?:(?!###|Cases: ).+\n?){0,6})", re.M)
HUNIT_COUNTS_RE = re.compile(r"Cases: (\d+)  Tried: (\d+)  Errors: (\d+)  Failures: (\d+)")
PLACE_RE = re.compile(r"^(\S+\.l?hs:\d+)(?::\d+)?$")


def _reason(lines: list[str]) -> str | None:
    said = [line.strip() for line in lines if line.strip() and not line.strip().startswith("To rerun use:")]
    return clip(" ".join(said[:2]), 200) if said else None


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])
    failures_at = text.find("\nFailures:\n")
    if failures_at >= 0:
        for m in HSPEC_HEAD_RE.finditer(text, failures_at):
            facts.failures.append(TestFailure(m["name"].strip(), _reason(m["body"].splitlines()), m["place"]))
    for m in HUNIT_HEAD_RE.finditer(text):
        lines = m["body"].splitlines()
        place = PLACE_RE.match(lines[0].strip()) if lines else None
        reason = _reason(lines[1:] if place else lines)
        facts.failures.append(TestFailure(m["name"].strip(), reason, place.group(1) if place else None,
                                          "error" if m["kind"] == "Error" else "failed"))
    counts = HUNIT_COUNTS_RE.findall(text)
    if counts:
        cases, tried, errors, failed = (int(n) for n in counts[-1])
        facts.counts = {"total": cases, "failed": failed, "errors": errors, "passed": tried - errors - failed}
        if tried < cases:
            facts.highlights.append(f"only {tried} of {cases} cases tried")
        facts.count_unit = "tests"
    return facts

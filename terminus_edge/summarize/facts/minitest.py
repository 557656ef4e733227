"""Ruby's minitest (ruby -Itest, rake test, rails test): numbered `  1) Failure:` / `  2) Error:` blocks, each with
`Class#test_name [file:line]:` and the reason on the next line, and the `8 runs, 5 assertions, 2 failures, 2 errors,
1 skips` tally. Also test-unit (Ruby's other stdlib runner): `Failure: test_x(Class):` / `Error: test_x(Class): Exc`
blocks between `====` rules, and `6 tests, 5 assertions, 2 failures, 0 errors, 1 pendings, 0 omissions, …`."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, last_match
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "minitest"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(rake test|rails test|bin/rails test)\b")
OUTPUT_RE = re.compile(r"^\d+ runs, \d+ assertions, \d+ failures, \d+ errors, \d+ skips$|^\d+ tests, \d+ assertions, \d+ failures, \d+ errors, \d+ pendings", re.M)

TALLY_RE = re.compile(r"^(\d+) runs, (\d+) assertions, (\d+) failures, (\d+) errors, (\d+) skips$", re.M)
BLOCK_RE = re.compile(r"^[ \t]*\d+\) (Failure|Error|Skipped):\n(?P<name>[\w:]+#\S+?)(?: \[(?P<where>[^\]\n]+)\])?:\n(?P<reason>.*)$", re.M)
UNIT_TALLY_RE = re.compile(r"^(\d+) tests, \d+ assertions, (\d+) failures, (\d+) errors, (\d+) pendings, (\d+) omissions", re.M)
UNIT_BLOCK_RE = re.compile(r"^(Failure|Error): (test\S*)\(([\w:]+)\)(?::[ \t]*(.*))?$", re.M)
UNIT_PLACE_RE = re.compile(r"^(\S+:\d+):in ", re.M)
BACKTRACE_RE = re.compile(r"^[ \t]+(\S+:\d+):in ", re.M)
ACTUAL_RE = re.compile(r"\n[ \t]*Actual: ([^\n]*)")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    tally = last_match(TALLY_RE, text)  # the last one: `rake test` may run several suites, the last tally closes the run
    if tally:
        runs, _, failures, errors, skips = (int(n) for n in tally.groups())
        facts.counts = {"total": runs, "failed": failures, "errors": errors, "passed": max(runs - failures - errors - skips, 0)}
        if skips:
            facts.counts["skipped"] = skips
    _test_unit(text, facts)
    blocks = list(BLOCK_RE.finditer(text))
    for i, m in enumerate(blocks):
        if m.group(1) == "Skipped":
            continue
        where = m["where"]
        if not where:  # an error names its place in the backtrace below the message: the test file's frame
            end = blocks[i + 1].start() if i + 1 < len(blocks) else len(text)
            frames = BACKTRACE_RE.findall(text, m.end(), end)
            where = next((f for f in reversed(frames) if "test" in f), frames[-1] if frames else None)
        kind = "error" if m.group(1) == "Error" else "failed"
        reason = m["reason"].strip()
        actual = ACTUAL_RE.match(text, m.end())  # assert_equal: `Expected: "3.05 EUR"` then `  Actual: "3.5 EUR"`
        if actual and reason.startswith("Expected:"):
            reason += f", Actual: {actual.group(1).strip()}"
        facts.failures.append(TestFailure(m["name"], clip(reason, 200) or None, where, kind))
    return facts


def _test_unit(text: str, facts: Facts) -> None:
    tally = last_match(UNIT_TALLY_RE, text)
    if tally:
        tests, failures, errors, pendings, omissions = (int(n) for n in tally.groups())
        facts.counts = {"total": tests, "failed": failures, "errors": errors,
                        "passed": max(tests - failures - errors - pendings - omissions, 0)}
        if pendings + omissions:
            facts.counts["skipped"] = pendings + omissions
    for m in UNIT_BLOCK_RE.finditer(text):
        place = UNIT_PLACE_RE.search(text, m.end(), m.end() + 2000)
        reason = m.group(4) or _unit_reason(text, m.end())
        kind = "error" if m.group(1) == "Error" else "failed"
        facts.failures.append(TestFailure(f"{m.group(3)}#{m.group(2)}", clip(reason, 200) or None,
                                          place.group(1) if place else None, kind))


def _unit_reason(text: str, start: int) -> str:
    """The assertion's message: the lines of the block that are not a backtrace, a source excerpt or a rule, up to
    the first blank line (`<["A1"]> expected but was` / `<[]>` is one message over two lines)."""
    said: list[str] = []
    for line in text[start: start + 2000].splitlines()[1:16]:
        stripped = line.strip()
        if stripped.startswith("=" * 10) or not stripped and said:
            break
        if not stripped or UNIT_PLACE_RE.match(stripped) or re.match(r"(?:=>\s*)?\d+:", stripped):
            continue
        said.append(stripped)
        if len(said) == 3:
            break
    return " ".join(said)

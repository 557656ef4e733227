"""bun test: `(pass)` / `(fail)` / `(skip)` / `(todo)` per test as `suite > name [0.15ms]`, the failing assertion
(`error: expect(received).toBe(expected)`, `Expected: 0` / `Received: -5`, `at … (file:line:col)`) printed above its
`(fail)` line, the tally ` 3 pass` / ` 1 skip` / ` 3 fail` with `Ran 8 tests across 1 file.`, and a file that failed to
load as `# Unhandled error between tests` with its `error: …` between two rules."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "bun-test"
COMMAND_RE = re.compile(r"(^|[\s/;&|])bun test\b")
OUTPUT_RE = re.compile(r"^bun test v\d|^Ran \d+ tests? across \d+ files?\.", re.M)

RESULT_RE = re.compile(r"^\((pass|fail|skip|todo)\) (.+?)(?: \[[\d.]+m?s\])?$", re.M)
TALLY_RE = re.compile(r"^ ?(\d+) (pass|fail|skip|todo|error)s?$", re.M)
RAN_RE = re.compile(r"^Ran (\d+) tests? across (\d+) files?\.", re.M)
ERROR_RE = re.compile(r"^error: (.+)$")
DETAIL_RE = re.compile(r"^(Expected|Received): (.+)$")
AT_RE = re.compile(r"^[ \t]+at .*?\(?((?:/|\w:)[^()\s]+:\d+):\d+\)?$")
UNHANDLED_RE = re.compile(r"^# Unhandled error between tests\n-+\n(?:.*\n){0,8}?error: (.+)$", re.M)
KEYS = {"pass": "passed", "fail": "failed", "skip": "skipped", "todo": "todo", "error": "errors"}


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    for number, word in TALLY_RE.findall(text):
        facts.counts.setdefault(KEYS[word], int(number))
    ran = RAN_RE.search(text)
    if ran:
        facts.counts = {"total": int(ran[1]), **facts.counts}
    previous = 0
    for m in RESULT_RE.finditer(text):
        if m[1] == "fail":
            facts.failures.append(TestFailure(m[2], *_why(text[previous: m.start()])))
        previous = m.end()
    facts.errors = [f"unhandled error between tests: {clip(m[1], 200)}" for m in UNHANDLED_RE.finditer(text)]
    return facts


def _why(block: str) -> tuple[str | None, str | None]:
    """The failing assertion's message and its values, and the first frame, from the lines above a `(fail)` line."""
    reason, values, where = None, [], None
    for line in block.splitlines():
        if (error := ERROR_RE.match(line)) and reason is None:
            reason = error[1]
        elif (detail := DETAIL_RE.match(line)) and reason:
            values.append(f"{detail[1].lower()} {detail[2]}")
        elif (at := AT_RE.match(line)) and where is None:
            where = at[1]
    if reason and values:
        reason += f" ({', '.join(values)})"
    return (clip(reason, 200) if reason else None), where

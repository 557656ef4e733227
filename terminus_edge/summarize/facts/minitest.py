"""Ruby's minitest (ruby -Itest, rake test, rails test): numbered `  1) Failure:` / `  2) Error:` blocks, each with
`Class#test_name [file:line]:` and the reason on the next line, and the `8 runs, 5 assertions, 2 failures, 2 errors,
1 skips` tally."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "minitest"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(rake test|rails test|bin/rails test|m)\b(?!\S)")
OUTPUT_RE = re.compile(r"^\d+ runs, \d+ assertions, \d+ failures, \d+ errors, \d+ skips$", re.M)

TALLY_RE = re.compile(r"^(\d+) runs, (\d+) assertions, (\d+) failures, (\d+) errors, (\d+) skips$", re.M)
BLOCK_RE = re.compile(r"^[ \t]*\d+\) (Failure|Error|Skipped):\n(?P<name>[\w:]+#\S+?)(?: \[(?P<where>[^\]\n]+)\])?:\n(?P<reason>.*)$", re.M)
BACKTRACE_RE = re.compile(r"^[ \t]+(\S+:\d+):in ", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    tally = None
    for tally in TALLY_RE.finditer(text):
        pass  # the last one: `rake test` may run several suites, the last tally closes the run
    if tally:
        runs, _, failures, errors, skips = (int(n) for n in tally.groups())
        facts.counts = {"total": runs, "failed": failures, "errors": errors, "passed": max(runs - failures - errors - skips, 0)}
        if skips:
            facts.counts["skipped"] = skips
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
        facts.failures.append(TestFailure(m["name"], clip(m["reason"].strip(), 200) or None, where, kind))
    return facts

"""R's testthat (devtools::test, testthat::test_dir, R CMD check's tests): `Failure ('test-stats.R:8'): name` and
`Error ('test-stats.R:19'): name` blocks with the reason on the next line, `Skip (…)`, and the tally
`[ FAIL 3 | WARN 0 | SKIP 1 | PASS 2 ]` (FAIL counts failures and errors together)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, last_match
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "testthat"
COMMAND_RE = re.compile(r"testthat|devtools::test|(^|[\s/;&|])R CMD check\b")
OUTPUT_RE = re.compile(r"^\[ FAIL \d+ \| WARN \d+ \| SKIP \d+ \| PASS \d+ \]$", re.M)

TALLY_RE = re.compile(r"^\[ FAIL (\d+) \| WARN (\d+) \| SKIP (\d+) \| PASS (\d+) \]$", re.M)
BLOCK_RE = re.compile(r"^(Failure|Error) \('([^'\n]+)'\): (.+)\n(.*)$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME])  # tests the unit only of its own tally: R CMD check's counts are of its checks
    for kind, where, name, reason in BLOCK_RE.findall(text):
        facts.failures.append(TestFailure(name.strip(), clip(reason.strip(), 200) or None, where,
                                          "error" if kind == "Error" else "failed"))
    tally = last_match(TALLY_RE, text)
    if tally:
        failed, warned, skipped, passed = (int(n) for n in tally.groups())
        errors = sum(f.kind == "error" for f in facts.failures)
        if errors > failed:
            errors = 0
        facts.counts = {"failed": failed - errors, "errors": errors, "passed": passed}
        if skipped:
            facts.counts["skipped"] = skipped
        if warned:
            facts.counts["warnings"] = warned
    if facts.counts or facts.failures:
        facts.count_unit = "tests"
    return facts

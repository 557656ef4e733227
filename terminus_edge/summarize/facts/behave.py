"""BDD runners with behave's report (behave, also cucumber's `Failing Scenarios:`): the scenarios listed under
`Failing scenarios:` / `Errored scenarios:` as `features/x.feature:9  Name`, and the tallies of features, scenarios
and steps (`1 scenario passed, 1 failed, 2 error, 0 skipped`; `6 steps passed, ..., 2 undefined`)."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "behave"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(behave|cucumber(?:-js)?)\b")
OUTPUT_RE = re.compile(r"^(?:Failing|Errored) scenarios:$|^\d+ scenarios? passed, \d+ failed", re.M | re.I)

LIST_HEAD_RE = re.compile(r"^(Failing|Errored) scenarios:$", re.M | re.I)
LISTED_RE = re.compile(r"^[ \t]+(\S+\.feature:\d+)[ \t]+(.+?)\s*$")
TALLY_RE = re.compile(r"^\d+ (features?|scenarios?|steps?) passed, .+$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    for head in LIST_HEAD_RE.finditer(text):
        kind = "error" if head.group(1).lower() == "errored" else "failed"
        for line in text[head.end():].splitlines()[1:]:
            listed = LISTED_RE.match(line)
            if not listed:
                break
            facts.failures.append(TestFailure(listed.group(2), None, listed.group(1), kind))
    for tally in TALLY_RE.finditer(text):
        line = tally.group(0)
        facts.highlights.append(line)
        if tally.group(1).startswith("scenario"):
            counts = {word: int(n) for n, word in re.findall(r"(\d+) (?:scenarios? )?(passed|failed|errors?|skipped|untested)\b", line)}
            facts.counts = {"failed": counts.get("failed", 0), "errors": counts.get("error", counts.get("errors", 0)),
                            "passed": counts.get("passed", 0)}
            if counts.get("skipped"):
                facts.counts["skipped"] = counts["skipped"]
    return facts

"""busted (Lua): the tally `1 success / 2 failures / 1 error / 1 pending : 0.0006 seconds`, then per test a block
`Failure -> spec/x_spec.lua @ 8` (or `Error ->`, `Pending ->`), the test's full name and `spec/x_spec.lua:10: message`;
a spec file that did not load is `Error -> spec/x_spec.lua:3: unexpected symbol near '='` with the file on the next line."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "busted"
COMMAND_RE = re.compile(r"(^|[\s/;&|])busted\b")
OUTPUT_RE = re.compile(r"^\d+ success(?:es)? / \d+ failures? / \d+ errors? / \d+ pending\b", re.M)

TALLY_RE = re.compile(r"^(\d+) success(?:es)? / (\d+) failures? / (\d+) errors? / (\d+) pending\b", re.M)
LOAD_RE = re.compile(r"^Error -> (\S+?):(\d+): (.+)$", re.M)
BLOCK_RE = re.compile(r"^(Failure|Error) -> (\S+) @ (\d+)\n(.+)\n(.*)$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    tally = TALLY_RE.search(text)
    if tally:
        passed, failed, errors, pending = (int(n) for n in tally.groups())
        facts.counts = {"passed": passed, "failed": failed, "errors": errors, "skipped": pending}
        facts.count_words["skipped"] = "pending"
    for m in BLOCK_RE.finditer(text):
        reason = m[5].strip()
        place = re.match(r"(\S+?:\d+): (.+)", reason)
        kind = "error" if m[1] == "Error" else "failed"
        facts.failures.append(TestFailure(m[4].strip(), clip(place[2] if place else reason, 200) or None,
                                          place[1] if place else f"{m[2]}:{m[3]}", kind))
    for m in LOAD_RE.finditer(text):
        facts.failures.append(TestFailure(m[1], clip(m[3], 200), f"{m[1]}:{m[2]}", "error"))
    return facts

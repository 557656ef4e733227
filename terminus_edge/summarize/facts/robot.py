"""Robot Framework's console: a row per test `EU Rate    | FAIL |` with its message on the lines below (up to the
`----` rule), suite rows followed by their `5 tests, 2 passed, 3 failed` tally, and `[ ERROR ]` lines for import or
parsing problems. The dotted console (`--console dotted`) prints `FFF.` and then a `FAIL: Suite.Test` block per
failure, its message below."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "robot"
COMMAND_RE = re.compile(r"(^|[\s/;&|])(robot|pybot|python -m robot)\b")
OUTPUT_RE = re.compile(r"[ \t]\| (?:PASS|FAIL|SKIP) \|$|^Running suite '[^'\n]+' with \d+ tests?\.$", re.M)  # unanchored:
# a `^.{1,120}?` prefix costs 120 steps a line

ROW_RE = re.compile(r"^(?P<name>\S.{0,119}?)\s+\| (?P<result>PASS|FAIL|SKIP) \|$")
DOTTED_RE = re.compile(r"^FAIL: (?P<name>\S.{0,199})$")  # `--console dotted`: the test's long name, its message below
TALLY_RE = re.compile(r"^(\d+) tests?, (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$")
ERROR_RE = re.compile(r"^\[ ERROR \] (.+)$", re.M)
RULE_RE = re.compile(r"^[-=]{20,}$")


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    lines = text.splitlines()
    tallies = []
    for i, line in enumerate(lines):
        row = ROW_RE.match(line) or DOTTED_RE.match(line)
        if row is None:
            tally = TALLY_RE.match(line)
            if tally:
                tallies.append(tally)
            continue
        following = lines[i + 1 : i + 6]
        if following and TALLY_RE.match(following[0]):
            continue  # a suite's row: its tests have rows of their own
        if row.re is ROW_RE and row["result"] != "FAIL":
            continue
        message = []
        for follow in following:
            if RULE_RE.match(follow) or ROW_RE.match(follow):
                break
            if follow.strip():
                message.append(follow.strip())
        facts.failures.append(TestFailure(row["name"].strip(), clip(" ".join(message), 200) or None))
    if tallies:
        total, passed, failed, skipped = (int(n or 0) for n in tallies[-1].groups())  # the top suite's, printed last
        facts.counts = {"total": total, "failed": failed, "passed": passed}
        if skipped:
            facts.counts["skipped"] = skipped
    facts.errors += [clip(e, 240) for e in ERROR_RE.findall(text)]
    return facts

"""zig test: `2/4 math.test.add negative...expected -1, found 5` then `FAIL (TestExpectedEqual)` per failing test
(a multi-line difference, as expectEqualStrings prints, comes between the name and its FAIL), the tally
`2 passed; 0 skipped; 2 failed.`, and the runner's `error: the following test command failed with exit code 1:`.
A compile error (read by the GNU layout) may be followed by `referenced by:` and the first use of what failed:
`    main: two/main.zig:4:42`, where the caller is when the error is in another file."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "zig"
COMMAND_RE = re.compile(r"(^|[\s/;&|])zig (?:test|build|build-exe|build-lib|build-obj|run)\b")
OUTPUT_RE = re.compile(r"^\d+ passed; \d+ skipped; \d+ failed\.$|^\d+/\d+ \S+\.test\.|^referenced by:$", re.M)

TALLY_RE = re.compile(r"^(\d+) passed; (\d+) skipped; (\d+) failed\.$", re.M)
START_RE = re.compile(r"^\d+/\d+ (?:[\w.]+?\.)?test\.(?P<name>.+?)\.\.\.(?P<rest>.*)$", re.M)
FAIL_RE = re.compile(r"^FAIL \((\w+)\)$", re.M)
REFERENCED_RE = re.compile(r"^referenced by:\n[ \t]+([\w.]+(?: \[inlined\])?): (\S+:\d+:\d+)$", re.M)
PLACE_RE = re.compile(r"^(\S+\.zig:\d+):\d+: 0x[0-9a-f]+ in test\.", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    tally = TALLY_RE.search(text)
    if tally:
        passed, skipped, failed = (int(n) for n in tally.groups())
        facts.counts = {"passed": passed, "failed": failed, "skipped": skipped}
    starts = list(START_RE.finditer(text))
    for i, m in enumerate(starts):
        block = text[m.end(): starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        fail = FAIL_RE.search(m["rest"] + "\n" + block)
        if not fail or m["rest"].strip() == "OK":
            continue
        reason = m["rest"].removesuffix("FAIL (" + fail[1] + ")").strip() or fail[1]
        place = PLACE_RE.search(block)
        facts.failures.append(TestFailure(m["name"], clip(reason, 200), place[1] if place else None))
    facts.highlights = [f"referenced by {m[1]} at {m[2]}" for m in REFERENCED_RE.finditer(text)]
    return facts

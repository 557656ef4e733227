"""CTest (cmake's test driver): per-test rows `2/6 Test #2: math_div ....***Failed  0.00 sec`, the closing
`33% tests passed, 4 tests failed out of 6` and the `The following tests FAILED:` list (`2 - math_div (Failed)`,
`(Timeout)`, `(SEGFAULT)`, `(Not Run)`); with --output-on-failure a failing test's output follows its row."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "ctest"
COMMAND_RE = re.compile(r"(^|[\s/;&|])ctest\b")
OUTPUT_RE = re.compile(r"^\d+% tests passed, \d+ tests? failed out of \d+$", re.M)

TOTAL_RE = re.compile(r"^\d+% tests passed, (\d+) tests? failed out of (\d+)$", re.M)
FAILED_ROW_RE = re.compile(r"^[ \t]+\d+ - (\S+) \(([^)]+)\)$")
FEW_PASSED = 10
NEAR_CHARS = 4000  # how far around a row its own output is looked for (bounded: one slice per row of a long run)
ROW_RE = re.compile(r"^[ \t]*\d+/\d+ Test +#\d+: (\S+) \.*+[ *]*(Passed|\*{0,3}\w[^\d\n]*?)[ \t]+[\d.]+ sec$", re.M)


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    total = TOTAL_RE.search(text)
    if total:
        failed, tests = int(total.group(1)), int(total.group(2))
        facts.counts = {"total": tests, "failed": failed, "passed": tests - failed}
    head = text.find("The following tests FAILED:")
    if head >= 0:
        for line in text[head:].splitlines()[1:]:
            row = FAILED_ROW_RE.match(line)
            if not row:
                break
            kind = "error" if row.group(2).lower() in ("not run", "timeout", "segfault", "bad command", "child aborted") else "failed"
            facts.failures.append(TestFailure(row.group(1), clip(row.group(2), 80), None, kind))
    reasons, passed = {}, []
    for row in ROW_RE.finditer(text):
        name, status = row.group(1), row.group(2).strip("* ")
        if status == "Passed":
            passed.append(name)
            continue
        said = _first_output_line(text, row.end()) or _said_before(text, name, row.start())
        reasons.setdefault(name, clip(f"{status}: {said}" if said else status, 160))
    for failure in facts.failures:
        detail = reasons.get(failure.name)
        if detail and detail.lower() != (failure.reason or "").lower():
            failure.reason = detail  # `Exception: SegFault` says more than the list's `SEGFAULT`
    if not facts.failures:  # no closing list (an interrupted run): the rows that did not pass
        facts.failures = [TestFailure(name, status) for name, status in reasons.items()]
    if passed and len(passed) <= FEW_PASSED:  # a filtered run (`-R`): which tests it was is part of the answer
        facts.highlights.append("passed: " + ", ".join(passed))
    return facts


def _first_output_line(text: str, start: int) -> str:
    for line in text[start: start + NEAR_CHARS].splitlines()[1:4]:
        if not line.strip():
            continue
        done = line.lstrip().startswith(("Start ", "The following tests")) or ROW_RE.match(line) or TOTAL_RE.match(line)
        return "" if done else line.strip()  # --output-on-failure: the test's own words
    return ""


def _said_before(text: str, name: str, end: int) -> str:
    """What ctest printed between `Start 6: math_missing` and its row: `Unable to find executable: no_such_binary`."""
    start = text.rfind(f": {name}\n", max(end - NEAR_CHARS, 0), end)
    lines = [line.strip() for line in text[start:end].splitlines()[1:] if line.strip()] if start >= 0 else []
    if any(line.startswith("Start ") or ROW_RE.match(line) for line in lines):
        return ""  # `-j`: other tests started or finished in between, so the lines may be theirs
    return lines[-1] if lines else ""

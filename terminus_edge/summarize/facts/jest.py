"""jest / vitest / mocha: per-test failures (● / ×) and the Tests: totals."""

from __future__ import annotations

import re

from terminus_edge.summarize.facts.common import clip, parse_count_list
from terminus_edge.summarize.facts.types import Facts, TestFailure

NAME = "jest"
COMMAND_RE = re.compile(r"\b(jest|vitest|mocha|ava|react-scripts test|ng test|karma)\b")
OUTPUT_RE = re.compile(r"^Tests:\s+\d+|^\s+Tests\s+\d+ (?:failed|passed)|^\s*\d+ (?:passing|failing) \(|^\s*●\s.+›", re.M)

JEST_TESTS_RE = re.compile(r"^Tests:\s+(.+)$", re.M)
JEST_SUITES_RE = re.compile(r"^Test Suites:\s+(.+)$", re.M)
VITEST_TESTS_RE = re.compile(r"^\s+Tests\s+(.+?)(?:\s+\(\d+\))?$", re.M)
VITEST_FILES_RE = re.compile(r"^\s+Test Files\s+(.+?)(?:\s+\(\d+\))?$", re.M)
MOCHA_RE = re.compile(r"^\s+(\d+) (passing|failing|pending)\b", re.M)
BULLET_RE = re.compile(r"^\s*● (.+)$", re.M)
VITEST_FAIL_RE = re.compile(r"^\s*(?:FAIL|×|✗)\s+(.+?)(?:\s+\d+ms)?$", re.M)
MOCHA_FAIL_RE = re.compile(r"^\s+(\d+)\) (.+)$", re.M)
AT_RE = re.compile(r"\(?((?:/|\.{0,2}/)?[\w./@-]+\.(?:[cm]?[jt]sx?)):(\d+):(\d+)\)?")


def _detail(text: str, start: int) -> tuple[str | None, str | None]:
    reason, location = None, None
    for line in text[start:].splitlines()[1:30]:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("●") or re.match(r"^\d+\) ", stripped):
            break
        if reason is None and not stripped.startswith(("at ", ">", "|")) and not re.match(r"^\d+ \|", stripped):
            reason = stripped
        elif reason and re.match(r"^(Expected|Received|expected|actual|\+|-)\b", stripped) and len(reason) < 150:
            reason += f"; {stripped}"
        at = AT_RE.search(stripped) if stripped.startswith("at ") else None
        if at and "node_modules" not in at.group(1) and location is None:
            location = f"{at.group(1)}:{at.group(2)}"
    return (clip(reason, 200) if reason else None), location


def _mocha_failures(section: str) -> list[TestFailure]:
    """Mocha's list after `N failing`: `1) Suite` / `   test title:` / `   Error: message`."""
    failures = []
    lines = section.splitlines()
    for i, line in enumerate(lines):
        m = MOCHA_FAIL_RE.match(line)
        if not m:
            continue
        name_parts, reason, location = [m.group(2).strip().rstrip(":")], None, None
        for follow in lines[i + 1 : i + 12]:
            stripped = follow.strip()
            if MOCHA_FAIL_RE.match(follow):
                break
            if not stripped:
                continue
            if reason is None and stripped.endswith(":") and not re.match(r"^\w*(Error|Exception)\b", stripped):
                name_parts.append(stripped.rstrip(":"))
            elif reason is None:
                reason = stripped
            elif location is None and stripped.startswith("at "):
                at = AT_RE.search(stripped)
                location = f"{at.group(1)}:{at.group(2)}" if at else None
        failures.append(TestFailure(" ".join(name_parts), clip(reason, 200) if reason else None, location))
    return failures


def parse(text: str) -> Facts:
    facts = Facts(tools=[NAME], count_unit="tests")
    tests = JEST_TESTS_RE.search(text) or VITEST_TESTS_RE.search(text)
    if tests:
        facts.counts = parse_count_list(tests.group(1))
    else:
        for number, word in MOCHA_RE.findall(text):
            facts.counts[{"passing": "passed", "failing": "failed", "pending": "skipped"}[word]] = int(number)
    suites = JEST_SUITES_RE.search(text) or VITEST_FILES_RE.search(text)
    if suites:
        facts.highlights.append(clip(f"test suites: {suites.group(1)}", 120))
    for m in BULLET_RE.finditer(text):
        name = m.group(1).strip()
        if name.startswith("Test suite failed to run"):
            name = "Test suite failed to run"
        if not any(f.name == name for f in facts.failures):
            # `^\s*` may start the match on a blank line above; the details follow the bullet's own line.
            reason, location = _detail(text, text.rfind("\n", 0, m.start(1)) + 1)
            facts.failures.append(TestFailure(name, reason, location))
    failing = re.search(r"^\s+\d+ failing\b.*$", text, re.M)
    if not facts.failures and failing:
        facts.failures = _mocha_failures(text[failing.end():])
    if not facts.failures:
        for m in VITEST_FAIL_RE.finditer(text):
            facts.failures.append(TestFailure(m.group(1).strip()))
    return facts
